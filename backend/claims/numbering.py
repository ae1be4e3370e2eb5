"""Human-readable claim numbers (`WR-2026-000123`), unique across processes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ClaimNumberCounter
from backend.db.dialect import upsert


def format_claim_number(year: int, sequence: int) -> str:
    """`WR-<year>-<sequence, six digits at least>`."""
    return f"WR-{year}-{sequence:06d}"


_TAKE: dict[str, Any] = {}


def _take_statement(session: AsyncSession) -> Any:
    """The upsert that bumps a year's counter, built once per dialect."""
    dialect = session.get_bind().dialect.name
    if dialect not in _TAKE:
        statement = upsert(session, ClaimNumberCounter).values(year=bindparam("year"), last_value=1)
        _TAKE[dialect] = statement.on_conflict_do_update(
            index_elements=[ClaimNumberCounter.year],
            set_={"last_value": ClaimNumberCounter.last_value + 1},
        ).returning(ClaimNumberCounter.last_value)
    return _TAKE[dialect]


async def next_claim_number(session: AsyncSession, year: int) -> str:
    """Take the next number of `year` with one atomic upsert ... RETURNING."""
    connection = await session.connection()
    sequence = await connection.scalar(_take_statement(session), {"year": year})
    assert sequence is not None
    return format_claim_number(year, sequence)
