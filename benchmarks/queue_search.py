"""The console queue at a million claims: its first page and each kind of search.

Usage: python -m benchmarks.queue_search [--claims 1000000] [--runs 20] [--database URL] [--reuse]

The history comes from the demo generator (as `benchmarks.stats_queries` makes it); without
--database a temporary SQLite file is used, and --reuse keeps a database that already holds
enough claims. Each case runs what the queue page runs for it: the search's index lookups, the
page of claims and the count. Prints median and max in milliseconds; writes nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Claim
from backend.claims.queue import QueueFilter, queue_count, queue_query
from backend.claims.search import search_claim_ids
from backend.customers.models import Customer
from benchmarks._common import describe_machine, scratch_dir
from benchmarks.stats_queries import MAX_CLAIMS, prepare

PAGE = 50
Case = Callable[[AsyncSession], Awaitable[int]]


async def queue_page(session: AsyncSession, query: QueueFilter, term: str = "") -> int:
    """What the page does: search (if any), one page of claims, the count."""
    if term:
        query = replace(query, ids=tuple(await search_claim_ids(session, term)))
    today = date.today()
    rows = list(await session.scalars(queue_query(query, today, PAGE, 0)))
    await queue_count(session, query, today)
    return len(rows)


async def cases(session: AsyncSession) -> dict[str, Case]:
    """The page's cases, with search terms taken from a claim in the middle of the history."""
    total = int(await session.scalar(select(func.count()).select_from(Claim)) or 0)
    middle = await session.scalar(select(Claim).where(Claim.id >= total // 2).limit(1))
    assert middle is not None
    customer = await session.get(Customer, middle.customer_id)
    assert customer is not None
    actionable = QueueFilter(actionable=True)
    everything = QueueFilter()
    return {
        "first page: needs action": lambda s: queue_page(s, actionable),
        "first page: all claims": lambda s: queue_page(s, everything),
        "needs action, page 100": lambda s: _page(s, actionable, 100),
        f"search number {middle.number}": lambda s: queue_page(s, everything, middle.number),
        "search number, short form": lambda s: queue_page(
            s, everything, middle.number.replace("WR-", "").replace("-0", "-", 1)
        ),
        f"search phone {customer.phone}": lambda s: queue_page(s, everything, customer.phone or ""),
        f"search serial {middle.serial}": lambda s: queue_page(s, everything, middle.serial),
        f"search name '{customer.name}'": lambda s: queue_page(s, everything, customer.name),
        "search name prefix 'Customer 12'": lambda s: queue_page(s, everything, "Customer 12"),
        "search that finds nothing": lambda s: queue_page(s, everything, "no such thing"),
    }


async def _page(session: AsyncSession, query: QueueFilter, page: int) -> int:
    rows = list(await session.scalars(queue_query(query, date.today(), PAGE, page * PAGE)))
    return len(rows)


async def main(args: argparse.Namespace) -> None:
    """Prepare the database and time each case."""
    url = args.database or f"sqlite+aiosqlite:///{scratch_dir('queue-') / 'queue.db'}"
    if url.rstrip("/").rsplit("/", 1)[-1] == "test":
        raise SystemExit("use a database of its own for benchmarks, not the test database")
    print(f"machine: {describe_machine()}; database: {url.split('://')[0]}")
    sessions = await prepare(url, min(args.claims, MAX_CLAIMS), args.reuse)
    async with sessions() as session:
        total = int(await session.scalar(select(func.count()).select_from(Claim)) or 0)
        print(f"{total:,} claims; {args.runs} runs each")
        print(f"{'case':48} {'rows':>5} {'median':>9} {'max':>9}")
        slowest = 0.0
        for name, case in (await cases(session)).items():
            timings, rows = [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                rows = await case(session)
                timings.append((time.perf_counter() - started) * 1000)
            slowest = max(slowest, max(timings))
            median = statistics.median(timings)
            print(f"{name[:48]:48} {rows:5d} {median:7.1f} ms {max(timings):7.1f} ms")
    print(f"slowest single run: {slowest:.1f} ms")


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database", default=None)
    parser.add_argument("--reuse", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
