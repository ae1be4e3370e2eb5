"""`warranty-intake demo --claims N`: a year of claim history, written in bulk with progress.

The rows come from `backend.stats.synthetic` (seasons, two models going bad in the last weeks,
lifecycles with first action, resolution, overdue claims, ratings) and go to the database through
`backend.stats.bulk` (COPY on PostgreSQL, executemany on SQLite), one transaction per chunk.
Units are sold so that each model has about `UNITS_PER_CLAIM` sold units per claim of the year.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from backend.catalog.models import Product
from backend.claims.models import ClaimNumberCounter
from backend.staff.models import StaffUser
from backend.stats import synthetic as syn
from backend.stats.bulk import BulkWriter
from backend.stats.history_rows import (
    BOOKING_COLUMNS,
    CLAIM_COLUMNS,
    CONVERSATION_COLUMNS,
    ESCALATION_COLUMNS,
    EVENT_COLUMNS,
    UNIT_COLUMNS,
    Ids,
    RowMaker,
)

CHUNK = 20_000
UNITS_PER_CLAIM = 2
CUSTOMERS_PER_CLAIM = 1 / 3
REMEDY_WEIGHTS = tuple((name, share) for name, _days, share in syn.REMEDIES)
OnProgress = Callable[[str, int, int], None]


@dataclass
class HistoryReport:
    """What was generated and how long it took."""

    claims: int = 0
    units: int = 0
    customers: int = 0
    escalations: int = 0
    bookings: int = 0
    seconds: float = 0.0


def _ignore(_phase: str, _done: int, _total: int) -> None:
    return None


async def _models(
    connection: AsyncConnection, count: int, writer: BulkWriter, now: datetime
) -> list[syn.ModelProfile]:
    """The catalog's models, each with a block of freshly sold units (ids in sale order)."""
    columns = (Product.id, Product.model_code, Product.category, Product.warranty_months)
    rows = await connection.execute(
        select(*columns, Product.bulky, Product.loaner_excluded).order_by(Product.id)
    )
    bare = [syn.ModelProfile(*row) for row in rows.all()]
    if not bare:
        raise ValueError("the catalog is empty: seed the demo catalog first")
    today = now.date()
    weights = [
        sum(syn.weight(m, today - syn.DAY * d, today) for d in range(0, 365, 7)) for m in bare
    ]
    first = await writer.next_id("unit")
    models = []
    for model, share in zip(bare, weights, strict=True):
        units = max(200, round(count * UNITS_PER_CLAIM * share / sum(weights)))
        models.append(replace(model, first_unit=first, units=units))
        first += units
    return models


async def _write_units(
    connection: AsyncConnection,
    writer: BulkWriter,
    models: list[syn.ModelProfile],
    now: datetime,
    on_progress: OnProgress,
) -> int:
    """Sold units of every model, oldest sale first."""
    total, done = sum(m.units for m in models), 0
    stamp = writer.stamp(now)
    for model in models:
        compact = model.model_code.replace("-", "")
        for start in range(0, model.units, 50_000):
            ids = range(
                model.first_unit + start, model.first_unit + min(model.units, start + 50_000)
            )
            rows = [
                (
                    i,
                    f"{compact}-H{i:08d}",
                    model.product_id,
                    writer.day(syn.unit_sold_on(model, i, now.date())),
                    "Demo Shop",
                    0,
                    0,
                    stamp,
                    stamp,
                )
                for i in ids
            ]
            await writer.write("unit", UNIT_COLUMNS, rows)
            await connection.commit()
            done += len(rows)
            on_progress("units", done, total)
    return total


async def _write_customers(
    connection: AsyncConnection, writer: BulkWriter, first: int, count: int, now: datetime
) -> None:
    stamp = writer.stamp(now - timedelta(days=400))
    for start in range(0, count, 50_000):
        rows = [
            (
                first + n,
                f"Customer {first + n}",
                f"+7900{(first + n) % 10_000_000:07d}",
                "ru",
                stamp,
            )
            for n in range(start, min(count, start + 50_000))
        ]
        await writer.write("customer", "id name phone locale created_at", rows)
        await connection.commit()


async def _numbering(connection: AsyncConnection, years: set[int]) -> dict[int, int]:
    """The last claim number handed out per year."""
    rows = await connection.execute(select(ClaimNumberCounter.year, ClaimNumberCounter.last_value))
    known = {year: value for year, value in rows.all()}
    return {year: known.get(year, 0) for year in years}


async def _save_numbering(connection: AsyncConnection, last: dict[int, int]) -> None:
    for year, value in last.items():
        updated = await connection.execute(
            text("UPDATE claim_number_counter SET last_value = :v WHERE year = :y"),
            {"v": value, "y": year},
        )
        if not updated.rowcount:
            await connection.execute(
                text("INSERT INTO claim_number_counter (year, last_value) VALUES (:y, :v)"),
                {"v": value, "y": year},
            )


async def _write_claims(
    connection: AsyncConnection,
    writer: BulkWriter,
    planned: list[tuple[datetime, syn.ModelProfile]],
    maker: RowMaker,
    on_progress: OnProgress,
) -> HistoryReport:
    """Claims with their transport bookings and escalations, one transaction per chunk."""
    report = HistoryReport()
    last = await _numbering(connection, {at.year for at, _ in planned})
    for start in range(0, len(planned), CHUNK):
        made = []
        for at, model in planned[start : start + CHUNK]:
            last[at.year] += 1
            made.append(maker.rows(at, model, last[at.year]))
        bookings = [r.booking for r in made if r.booking is not None]
        chats = [r.conversation for r in made if r.conversation is not None]
        escalations = [r.escalation for r in made if r.escalation is not None]
        await writer.write("claim", CLAIM_COLUMNS, [r.claim for r in made])
        await writer.write("claim_event", EVENT_COLUMNS, [e for r in made for e in r.events])
        await writer.write("transport_booking", BOOKING_COLUMNS, bookings)
        await writer.write("conversation", CONVERSATION_COLUMNS, chats)
        await writer.write("escalation", ESCALATION_COLUMNS, escalations)
        await _save_numbering(connection, last)
        await connection.commit()
        report.claims += len(made)
        report.bookings += len(bookings)
        report.escalations += len(escalations)
        on_progress("claims", report.claims, len(planned))
    return report


async def _first_ids(connection: AsyncConnection, writer: BulkWriter, customers: int) -> Ids:
    staff = list(await connection.scalars(select(StaffUser.id).order_by(StaffUser.id)))
    return Ids(
        claim=await writer.next_id("claim"),
        booking=await writer.next_id("transport_booking") - 1,
        conversation=await writer.next_id("conversation") - 1,
        escalation=await writer.next_id("escalation") - 1,
        first_customer=await writer.next_id("customer"),
        customers=customers,
        staff=staff,
    )


async def _analyze(engine: AsyncEngine) -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map for index-only scans)."""
    async with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            for table in ("claim", "unit", "customer", "transport_booking", "escalation"):
                await autocommit.exec_driver_sql(f"VACUUM ANALYZE {table}")
            return
        await connection.exec_driver_sql("PRAGMA analysis_limit=2000")
        await connection.exec_driver_sql("ANALYZE")
        await connection.commit()


async def generate_history(
    engine: AsyncEngine,
    count: int,
    now: datetime,
    *,
    seed: int = 2026,
    on_progress: OnProgress = _ignore,
) -> HistoryReport:
    """Write `count` claims of the year before `now` (and what goes with them) in bulk."""
    started = time.perf_counter()
    rng = random.Random(seed)
    async with engine.connect() as connection:
        writer = BulkWriter(connection)
        models = await _models(connection, count, writer, now)
        units = await _write_units(connection, writer, models, now, on_progress)
        ids = await _first_ids(connection, writer, max(1, round(count * CUSTOMERS_PER_CLAIM)))
        await _write_customers(connection, writer, ids.first_customer, ids.customers, now)
        planned = syn.plan(rng, models, now, count)
        maker = RowMaker(rng, writer, ids, now)
        report = await _write_claims(connection, writer, planned, maker, on_progress)
        await writer.finish()
        await connection.commit()
    on_progress("analyze", 0, 1)
    await _analyze(engine)
    on_progress("analyze", 1, 1)
    report.units, report.customers = units, ids.customers
    report.seconds = time.perf_counter() - started
    return report


async def generate_with_progress(engine: AsyncEngine, count: int, now: datetime) -> HistoryReport:
    """`generate_history` with a progress bar on the terminal."""
    columns = (
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns) as progress:
        tasks: dict[str, TaskID] = {}

        def show(phase: str, done: int, total: int) -> None:
            """Add a bar the first time a phase reports, then move it."""
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=total)
            progress.update(tasks[phase], completed=done, total=total)

        return await generate_history(engine, count, now, on_progress=show)
