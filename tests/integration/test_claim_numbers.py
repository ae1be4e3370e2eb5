"""Claim numbers are unique even when many processes take them at once."""

from __future__ import annotations

import asyncio

from backend.claims.numbering import next_claim_number
from backend.db.session import SessionFactory


async def test_numbers_are_sequential_per_year(session_factory: SessionFactory) -> None:
    async with session_factory() as session:
        first = await next_claim_number(session, 2026)
        second = await next_claim_number(session, 2026)
        other_year = await next_claim_number(session, 2027)
        await session.commit()
    assert (first, second, other_year) == ("WR-2026-000001", "WR-2026-000002", "WR-2027-000001")


async def test_concurrent_sessions_never_share_a_number(session_factory: SessionFactory) -> None:
    async def take() -> str:
        async with session_factory() as session:
            number = await next_claim_number(session, 2026)
            await asyncio.sleep(0)
            await session.commit()
            return number

    numbers = await asyncio.gather(*(take() for _ in range(20)))
    assert sorted(numbers) == [f"WR-2026-{n:06d}" for n in range(1, 21)]
