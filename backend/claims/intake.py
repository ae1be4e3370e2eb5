"""Which item a claim is about, for callers that name it in one go (integrations, the console).

The dialog asks step by step (serial, then model, date and receipt) and keeps the answers in the
conversation; both end in `claims.service.register_claim`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.facts import product_facts
from backend.catalog.models import Product
from backend.catalog.serials import normalize_serial
from backend.catalog.service import find_unit
from backend.claims.history import unit_facts_with_history
from backend.errors import FuturePurchaseDate, UnknownItem, UnknownModel
from backend.warranty import UnitFacts


@dataclass(frozen=True)
class Item:
    """The product (and the sold unit, when the serial is known) a claim is about."""

    product_id: int
    unit_id: int | None
    serial: str
    facts: UnitFacts


async def identify_item(
    session: AsyncSession,
    serial: str | None,
    model_code: str | None,
    purchase_date: date | None,
    today: date,
) -> Item:
    """The item from a known serial, or from a model code and the purchase date; a domain
    error (UnknownItem, UnknownModel, FuturePurchaseDate) when neither names one."""
    if serial:
        unit = await find_unit(session, serial)
        if unit is not None:
            facts = await unit_facts_with_history(session, unit)
            return Item(unit.product_id, unit.id, unit.serial, facts)
    if not model_code:
        raise UnknownItem("unknown serial: give model_code and purchase_date")
    product = await session.scalar(select(Product).where(Product.model_code == model_code.upper()))
    if product is None:
        raise UnknownModel("no product has this model_code")
    if purchase_date is not None and purchase_date > today:
        raise FuturePurchaseDate("purchase_date is in the future")
    facts = UnitFacts(product_facts(product), sold_on=purchase_date)
    return Item(product.id, None, normalize_serial(serial or ""), facts)
