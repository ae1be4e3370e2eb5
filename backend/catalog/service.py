"""Catalog look-ups: units by serial, products."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product, Unit
from backend.catalog.serials import normalize_serial

_UNIT_BY_SERIAL = select(Unit).where(Unit.serial == bindparam("serial"))  # built once


async def find_unit(session: AsyncSession, serial: str) -> Unit | None:
    """The sold unit with this serial (normalised), with its product, or None."""
    return await session.scalar(_UNIT_BY_SERIAL, {"serial": normalize_serial(serial)})


async def list_products(session: AsyncSession) -> list[Product]:
    """Every product, ordered by category and name."""
    return list(await session.scalars(select(Product).order_by(Product.category, Product.name)))


async def get_product(session: AsyncSession, product_id: int) -> Product | None:
    """One product by id."""
    return await session.get(Product, product_id)
