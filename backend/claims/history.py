"""A unit's earlier claims as the warranty policy reads them: repair periods with their defect.

A repair period runs from the claim's filing (the consumer's demand, RU art. 20 p.3) to the
day staff marked the item ready; one still in repair has no end yet. Only claims decided as a
repair count.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.facts import unit_facts
from backend.catalog.models import Unit
from backend.claims.models import Claim, ClaimEvent
from backend.warranty.types import RepairPeriod, UnitFacts

REPAIR = "repair"
REPAIR_ENDS = "mark_ready"


async def repair_periods(
    session: AsyncSession, unit_id: int, before_claim_id: int | None = None
) -> tuple[RepairPeriod, ...]:
    """Return the unit's repair periods, oldest first, from claims older than `before_claim_id`."""
    query = select(Claim.id, Claim.created_at, Claim.defect_category, Claim.statutory_due_on).where(
        Claim.unit_id == unit_id, Claim.decision == REPAIR
    )
    if before_claim_id is not None:
        query = query.where(Claim.id < before_claim_id)
    claims = (await session.execute(query.order_by(Claim.id))).all()
    if not claims:
        return ()
    ends: dict[int, date] = {}
    events = await session.execute(
        select(ClaimEvent.claim_id, ClaimEvent.at)
        .where(ClaimEvent.claim_id.in_([row.id for row in claims]))
        .where(ClaimEvent.action == REPAIR_ENDS)
        .order_by(ClaimEvent.id)
    )
    for claim_id, at in events:
        ends.setdefault(claim_id, at.date())
    return tuple(
        RepairPeriod(
            row.created_at.date(), ends.get(row.id), row.defect_category, row.statutory_due_on
        )
        for row in claims
    )


async def unit_facts_with_history(session: AsyncSession, unit: Unit) -> UnitFacts:
    """The warranty facts of a stored unit with every repair period its claims recorded."""
    return replace(unit_facts(unit), repairs=await repair_periods(session, unit.id))
