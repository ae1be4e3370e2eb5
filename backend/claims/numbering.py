"""Human-readable claim numbers (`WR-2026-000123`), unique across processes."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ClaimNumberCounter
from backend.db.dialect import insert_ignoring_conflicts


def format_claim_number(year: int, sequence: int) -> str:
    """`WR-<year>-<sequence, six digits at least>`."""
    return f"WR-{year}-{sequence:06d}"


async def next_claim_number(session: AsyncSession, year: int) -> str:
    """Take the next number of `year` with one atomic UPDATE ... RETURNING."""
    await session.execute(
        insert_ignoring_conflicts(session, ClaimNumberCounter).values(year=year, last_value=0)
    )
    sequence = await session.scalar(
        update(ClaimNumberCounter)
        .where(ClaimNumberCounter.year == year)
        .values(last_value=ClaimNumberCounter.last_value + 1)
        .returning(ClaimNumberCounter.last_value)
    )
    assert sequence is not None
    return format_claim_number(year, sequence)
