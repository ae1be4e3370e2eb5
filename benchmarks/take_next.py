"""W staff members press "Take next" until N new claims are gone; report takes per second.

Usage: python -m benchmarks.take_next [--claims 1000] [--workers 20] [--database URL]
Checks that no claim is taken twice and none is left.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date

from sqlalchemy import func, insert, select

from backend.catalog.models import Product
from backend.claims.models import Claim, ClaimStatus
from backend.claims.queue import take_next
from backend.clock import SYSTEM_CLOCK
from backend.customers.models import Channel
from backend.customers.service import customer_id_for
from backend.db.session import SessionFactory
from backend.staff.models import Role, StaffUser
from backend.staff.service import add_staff
from benchmarks._common import describe_machine, seeded_database


async def fill(sessions: SessionFactory, count: int, workers: int) -> list[StaffUser]:
    """New claims and staff accounts."""
    async with sessions() as session:
        customer_id = await customer_id_for(
            session, Channel.WEB, "bench", locale="en", now=SYSTEM_CLOCK.now()
        )
        product_id = await session.scalar(select(Product.id).limit(1))
        await session.flush()
        await session.execute(
            insert(Claim),
            [
                dict(
                    number=f"WR-2099-{n:06d}",
                    customer_id=customer_id,
                    product_id=product_id,
                    defect_category="leak",
                    description="bench",
                    requested_remedy="repair",
                    status="new",
                    priority=n % 3,
                    jurisdiction="RU",
                    warranty_status="under_warranty",
                    statutory_due_on=date.today(),
                    channel="web",
                    locale="en",
                )
                for n in range(count)
            ],
        )
        staff = [
            await add_staff(session, f"bench{n}", Role.AGENT, "bench-password")
            for n in range(workers)
        ]
        await session.commit()
    return staff


async def main(count: int, workers: int, url: str | None) -> None:
    """Take every claim with concurrent workers and print the rate."""
    sessions, url = await seeded_database(url)
    staff = await fill(sessions, count, workers)

    async def worker(member: StaffUser) -> list[int]:
        taken: list[int] = []
        while True:
            async with sessions() as session:
                claim = await take_next(session, member, SYSTEM_CLOCK.now())
            if claim is None:
                return taken
            taken.append(claim.id)

    started = time.perf_counter()
    results = await asyncio.wait_for(asyncio.gather(*(worker(m) for m in staff)), 600)
    elapsed = time.perf_counter() - started
    taken = [claim_id for result in results for claim_id in result]
    async with sessions() as session:
        left = await session.scalar(
            select(func.count()).select_from(Claim).where(Claim.status == ClaimStatus.NEW)
        )
    print(f"machine: {describe_machine()}; database: {url.split(':')[0]}")
    print(
        f"{workers} workers took {len(taken)} of {count} claims in {elapsed:.2f} s: "
        f"{len(taken) / elapsed:.0f} takes/s; taken twice: {len(taken) - len(set(taken))}; "
        f"left: {left}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--database", default=None)
    arguments = parser.parse_args()
    asyncio.run(
        main(min(arguments.claims, 100_000), min(arguments.workers, 200), arguments.database)
    )
