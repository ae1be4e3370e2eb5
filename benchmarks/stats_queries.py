"""Every dashboard query on a generated history: median and max time per query.

Usage: python -m benchmarks.stats_queries [--claims 1000000] [--runs 5] [--days 90,365]
                                           [--database URL] [--reuse] [--costed 10]

Without --database a temporary SQLite file is used. The history comes from the demo generator
(`backend/demo/history.py`); its time is printed too. On SQLite the queries go through the
read-only report engine, as the dashboard's do. --reuse skips generating when the database
already holds at least --claims claims. Every --costed-th claim gets a fitted part and labour
hours, for the repair-costs block. Prints a table; writes nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Claim
from backend.db.migrate import upgrade
from backend.db.session import (
    SessionFactory,
    make_engine,
    make_report_engine,
    make_session_factory,
)
from backend.demo.history import generate_history
from backend.demo.seed import seed_demo
from backend.stats import costs, defects, service
from backend.stats.config import WarningRules
from backend.stats.filters import parse_filter
from backend.stats.schemas import ProductRef, Scope
from benchmarks._common import describe_machine, scratch_dir

MAX_CLAIMS = 2_000_000
Query = Callable[[AsyncSession, Scope], Awaitable[Any]]


def queries(today: date, total: int, top: ProductRef) -> dict[str, Query]:
    """The dashboard's queries, one per block (as the page runs them), and the proposal."""
    rules = WarningRules()

    return {
        "intake per day/week": service.intake,
        "by channel": service.by_channel,
        "by product": service.by_product,
        "by defect category": lambda s, scope: service.by_defect(s, scope, total),
        "status funnel": service.by_status,
        "warranty status": service.by_warranty,
        "time to first action": lambda s, scope: service.first_action_times(s, scope, total),
        "time to resolution": lambda s, scope: service.resolution_times(s, scope, total),
        "resolved on time": service.resolved_on_time,
        "overdue list": lambda s, scope: service.overdue(s, scope, today),
        "escalations": lambda s, scope: service.escalations(s, scope, total),
        "transport and loaners": service.transport,
        "ratings": service.ratings,
        "repair costs": lambda s, scope: costs.repair_costs(s, scope, Decimal(1500), "RUB"),
        "defect warnings (model rates)": lambda s, scope: defects.model_rates(s, scope, rules),
        f"proposal ({top.model_code})": lambda s, scope: defects.proposal(s, scope, top, rules),
    }


COSTED = (
    "INSERT INTO part_request (claim_id, other_part, quantity, state, unit_cost, created_at,"
    " updated_at) SELECT id, 'bench', 1, 'fitted', 1290.5, created_at, created_at FROM claim"
    " WHERE id % :every = 0",
    "INSERT INTO labour_entry (claim_id, hours, stage, staff_name, at)"
    " SELECT id, 1.5, 'repair', '', created_at FROM claim WHERE id % :every = 0",
)


async def add_costs(sessions: SessionFactory, every: int) -> None:
    """A fitted part and labour hours on every `every`-th claim (once per database)."""
    async with sessions() as session:
        if await session.scalar(text("SELECT count(*) FROM part_request")):
            return
        for statement in COSTED:
            await session.execute(text(statement), {"every": every})
        await session.commit()


async def prepare(url: str, claims: int, reuse: bool) -> SessionFactory:
    """Migrate, seed the demo catalog and generate the history (unless reusing one)."""
    engine = make_engine(url)
    await upgrade(engine)
    sessions = make_session_factory(engine)
    async with sessions() as session:
        existing = int(await session.scalar(select(func.count()).select_from(Claim)) or 0)
        if reuse and existing >= claims:
            print(f"reusing {existing:,} claims")
            return sessions
        await seed_demo(session, date.today())
    report = await generate_history(engine, claims, datetime.now(UTC))
    print(
        f"generated {report.claims:,} claims, {report.units:,} units, {report.bookings:,}"
        f" bookings, {report.escalations:,} escalations in {report.seconds:.1f} s"
        f" ({report.claims / report.seconds:,.0f} claims/s)"
    )
    return sessions


async def measure(sessions: SessionFactory, days: int, runs: int) -> None:
    """Run each query `runs` times for the last `days` days and print median and max."""
    today = date.today()
    period = parse_filter(today, days=str(days))
    async with sessions() as session:
        scope = await service.resolve_scope(session, period)
        total = sum((await service.by_channel(session, scope)).values())
        top = (await defects.model_rates(session, scope, WarningRules()))[0].product
    print(f"\nperiod: last {days} days, {total:,} claims in it, {runs} runs each")
    print(f"{'query':32} {'median':>9} {'max':>9}")
    slowest = 0.0
    for name, query in queries(today, total, top).items():
        timings = []
        async with sessions() as session:
            for _ in range(runs):
                started = time.perf_counter()
                await query(session, scope)
                timings.append((time.perf_counter() - started) * 1000)
        slowest = max(slowest, max(timings))
        print(f"{name:32} {statistics.median(timings):7.1f} ms {max(timings):7.1f} ms")
    print(f"slowest single run: {slowest:.1f} ms")


async def main(args: argparse.Namespace) -> None:
    """Prepare the database and measure each period."""
    url = args.database or f"sqlite+aiosqlite:///{scratch_dir('stats-') / 'stats.db'}"
    if url.rstrip("/").rsplit("/", 1)[-1] == "test":
        raise SystemExit("use a database of its own for benchmarks, not the test database")
    print(f"machine: {describe_machine()}; database: {url.split('://')[0]}")
    sessions = await prepare(url, min(args.claims, MAX_CLAIMS), args.reuse)
    await add_costs(sessions, args.costed)
    reports = make_report_engine(url)  # what the dashboard reads through (SQLite)
    if reports is not None:
        sessions = make_session_factory(reports)
    for days in (int(d) for d in args.days.split(",")):
        await measure(sessions, days, args.runs)


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", default="90,365")
    parser.add_argument("--database", default=None)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--costed", type=int, default=10)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
