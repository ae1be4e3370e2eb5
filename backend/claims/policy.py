"""The warranty decision for a stored claim (its unit, or its model and purchase date)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.facts import product_facts, unit_facts
from backend.catalog.models import Product, Unit
from backend.claims.models import Claim
from backend.warranty import ClaimFacts, PolicyDecision, UnitFacts, evaluate


async def claim_decision(session: AsyncSession, claim: Claim, **facts: Any) -> PolicyDecision:
    """Evaluate the policy as of the claim's filing date, with extra claim facts if given."""
    unit = await session.get(Unit, claim.unit_id) if claim.unit_id else None
    if unit is not None:
        item = unit_facts(unit)
    else:
        product = await session.get(Product, claim.product_id)
        assert product is not None
        item = UnitFacts(product=product_facts(product), sold_on=claim.purchase_date)
    filed = claim.created_at.date()
    return evaluate(item, ClaimFacts(reported_on=filed, **facts), claim.jurisdiction, filed)
