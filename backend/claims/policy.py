"""The warranty decision for a stored claim (its unit, or its model and purchase date)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.facts import product_facts, unit_facts
from backend.catalog.models import Product, Unit
from backend.claims.history import REPAIR, repair_periods
from backend.claims.models import Claim, ClaimStatus
from backend.warranty import ClaimFacts, PolicyDecision, Remedy, UnitFacts, evaluate

_STILL_IN_REPAIR = (ClaimStatus.IN_REPAIR, ClaimStatus.WAITING_PARTS)


def _remedy(value: str) -> Remedy | None:
    return Remedy(value) if value in Remedy.__members__.values() else None


async def claim_decision(
    session: AsyncSession, claim: Claim, today: date | None = None, **facts: Any
) -> PolicyDecision:
    """Evaluate the policy as of the claim's filing date, with its unit's earlier repairs.

    With `today`, a repair of this claim still open past its deadline counts as a broken
    deadline (RU art. 18 p.1, EU art. 13(4)) and as a repair request (KR one-month rule).
    """
    unit = await session.get(Unit, claim.unit_id) if claim.unit_id else None
    if unit is not None:
        periods = await repair_periods(session, unit.id, claim.id)
        item = replace(unit_facts(unit), repairs=periods)
    else:
        product = await session.get(Product, claim.product_id)
        assert product is not None
        item = UnitFacts(product=product_facts(product), sold_on=claim.purchase_date)
    filed = claim.created_at.date()
    day = today or filed
    repairing = claim.decision == REPAIR and claim.status in _STILL_IN_REPAIR
    own: dict[str, Any] = {
        "defect": claim.defect_category,
        "purchase_proof": claim.purchase_proof,
        "requested_remedy": _remedy(claim.requested_remedy),
    }
    if repairing:
        own.update(repair_deadline_broken=day > claim.statutory_due_on, repair_requested_on=filed)
    claim_facts = ClaimFacts(reported_on=filed, **{**own, **facts})
    return evaluate(item, claim_facts, claim.jurisdiction, day)
