"""A customer may write from several channels; each identity points to one customer."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.base import Base, str_enum, utcnow


class Channel(enum.StrEnum):
    """Where a customer talks to us."""

    TELEGRAM = "telegram"
    WEB = "web"
    TERMINAL = "terminal"
    API = "api"


class Customer(Base):
    """A person who owns a product and may file claims."""

    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="", index=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    identities: Mapped[list[ChannelIdentity]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )


class ChannelIdentity(Base):
    """The id a channel gives a customer (a Telegram user id, a web-chat cookie id)."""

    __tablename__ = "channel_identity"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    external_id: Mapped[str] = mapped_column(String(128))
    blocked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="identities")
