"""Products (models the company makes) and units (serial numbers it sold)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base, utcnow


class Product(Base):
    """A product model with the facts the warranty policy needs."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64), index=True)
    warranty_months: Mapped[int]
    weight_kg: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    bulky: Mapped[bool] = mapped_column(default=False)
    technically_complex: Mapped[bool] = mapped_column(default=False)
    loaner_excluded: Mapped[bool] = mapped_column(default=False)
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # list price
    service_life_months: Mapped[int | None]  # RU art. 5; none set: 10 years for art. 19 p.6
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Unit(Base):
    """One sold item identified by its serial number."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    sold_on: Mapped[date | None]
    manufactured_on: Mapped[date | None]
    seller: Mapped[str] = mapped_column(String(200), default="")
    extended_warranty_months: Mapped[int] = mapped_column(default=0)
    repair_days: Mapped[int] = mapped_column(default=0)
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # the price paid, if recorded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    product: Mapped[Product] = relationship(lazy="joined")
