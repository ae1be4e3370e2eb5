"""A generated claim history with the numbers the statistics must show for it."""

from __future__ import annotations

import csv
import random
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product, Unit
from backend.claims.models import Claim
from backend.conversations.models import Conversation
from backend.customers.models import Channel
from backend.customers.service import customer_id_for
from backend.db.session import SessionFactory
from backend.demo.seed import DEMO_DIR, FRESH_UNITS, seed_demo
from backend.escalations.models import Escalation
from backend.transport.models import TransportBooking
from tests.support.clock import TODAY

NOW = datetime.combine(TODAY, time(15, 0), UTC)


UNITS = {"CM-3": 1000, "KT-1": 1000, "SP-9": 2000}


STATUSES = ("new", "accepted", "diagnosis", "waiting_parts", "in_repair", "ready", "closed",
            "closed", "closed", "rejected", "cancelled")  # fmt: skip


RESOLVED = {"ready", "closed", "rejected", "cancelled"}


CHANNELS = ("telegram", "web", "api", "terminal")


WARRANTY = ("under_warranty", "under_warranty", "post_warranty_claim", "expired")


DEFECTS = ("no_power", "stops", "noise", "leak", "display", "battery")


# What the diagnosis found: mostly a manufacturing defect, sometimes misuse or nothing.
DIAGNOSES = ("manufacturing_defect",) * 4 + ("misuse", "no_fault_found")


@dataclass
class ClaimRow:
    """One claim as the test wrote it."""

    model: str
    created: datetime
    channel: str
    status: str
    warranty: str
    defect: str
    due: date
    first_action: datetime | None = None
    resolved: datetime | None = None
    rating: int | None = None
    id: int = 0
    diagnosis: str | None = None


@dataclass
class History:
    """Everything written, with the ids the database gave."""

    claims: list[ClaimRow] = field(default_factory=list)
    escalations: list[tuple[int, datetime, datetime | None]] = field(default_factory=list)
    bookings: list[tuple[int, datetime, str, bool, str]] = field(default_factory=list)
    product_ids: dict[str, int] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    units: Counter[str] = field(default_factory=Counter)


def _claim(rng: random.Random, model: str, created: datetime, defect: str = "") -> ClaimRow:
    status = rng.choice(STATUSES)
    first = None if status == "new" else created + timedelta(minutes=rng.randint(5, 3000))
    resolved = (
        first + timedelta(hours=rng.randint(1, 900)) if first and status in RESOLVED else None
    )
    due = created.date() + timedelta(days=rng.choice((7, 10, 45)))
    rating = rng.choice((None, 1, 3, 4, 5, 5)) if status == "closed" else None
    found = None if status in ("new", "accepted") else rng.choice(DIAGNOSES)
    return ClaimRow(
        model, created, rng.choice(CHANNELS), status, rng.choice(WARRANTY),
        defect or rng.choice(DEFECTS), due, first, resolved, rating, diagnosis=found,
    )  # fmt: skip


def build_history(seed: int = 5) -> list[ClaimRow]:
    """Claims over 210 days: steady models, a bad spell of CM-3, some noise and old claims."""
    rng = random.Random(seed)
    rows = []
    for back in range(0, 210, 5):
        day = NOW - timedelta(days=back, hours=rng.randint(0, 8))
        rows.append(_claim(rng, "KT-1", day))
        rows.append(_claim(rng, "SP-9", day - timedelta(hours=1)))
        rows.append(_claim(rng, "SP-9", day - timedelta(hours=2)))
        if back % 10 == 0:
            rows.append(_claim(rng, "CM-3", day - timedelta(hours=3)))
    for n in range(24):  # the bad spell: leaks of CM-3 in the last four weeks
        rows.append(_claim(rng, "CM-3", NOW - timedelta(days=n % 28, hours=n), "leak"))
    for n in range(30):
        rows.append(
            _claim(rng, rng.choice(("WM-700", "TV-55", "FR-300")), NOW - timedelta(days=n * 7))
        )
    return rows


def _claim_values(
    number: int, row: ClaimRow, product_id: int, customer_id: int
) -> dict[str, object]:
    return {
        "number": f"WR-2026-{700000 + number}",
        "customer_id": customer_id,
        "product_id": product_id,
        "defect_category": row.defect,
        "description": "test",
        "requested_remedy": "repair",
        "status": row.status,
        "jurisdiction": "RU",
        "warranty_status": row.warranty,
        "statutory_due_on": row.due,
        "channel": row.channel,
        "locale": "en",
        "created_at": row.created,
        "first_action_at": row.first_action,
        "resolved_at": row.resolved,
        "rating": row.rating,
        "diagnosis": row.diagnosis,
    }


def _followers(history: History, rng: random.Random) -> None:
    """Escalations for about a quarter of the claims, bookings for about 40 %."""
    for row in history.claims:
        if rng.random() < 0.25:
            reply = row.created + timedelta(minutes=rng.randint(1, 600))
            answered = reply if rng.random() < 0.8 else None
            history.escalations.append((row.id, row.created + timedelta(minutes=1), answered))
        if rng.random() < 0.4:
            kind = rng.choice(("pickup", "dropoff"))
            state = rng.choice(("booked", "collected", "cancelled"))
            created = row.created + timedelta(minutes=2)
            history.bookings.append((row.id, created, kind, rng.random() < 0.5, state))


async def _catalog(session: AsyncSession, history: History) -> None:
    await seed_demo(session, TODAY)
    products = await session.execute(select(Product.model_code, Product.id, Product.category))
    for code, product_id, category in products.all():
        history.product_ids[code], history.categories[code] = product_id, category
    units = [
        {"serial": f"T{code}-{n:05d}", "product_id": history.product_ids[code], "seller": "T"}
        for code, count in UNITS.items()
        for n in range(count)
    ]
    await session.execute(insert(Unit), units)
    with (DEMO_DIR / "units.csv").open(encoding="utf-8") as handle:
        history.units.update(line["model_code"] for line in csv.DictReader(handle))
    history.units.update(model for _, model, _ in FRESH_UNITS)
    history.units.update(UNITS)


async def store_history(sessions: SessionFactory, rows: list[ClaimRow]) -> History:
    """Write the demo catalog, extra units, the claims, escalations and bookings."""
    history = History(claims=rows)
    async with sessions() as session:
        await _catalog(session, history)
        customer_id = await customer_id_for(
            session, Channel.WEB, "stats-customer", locale="en", now=NOW
        )
        chat = Conversation(channel=Channel.WEB, external_id="stats-chat", customer_id=customer_id)
        session.add(chat)
        await session.flush()
        values = [
            _claim_values(n, row, history.product_ids[row.model], customer_id)
            for n, row in enumerate(rows)
        ]
        returning = insert(Claim).returning(Claim.id, sort_by_parameter_order=True)
        for row, claim_id in zip(rows, await session.scalars(returning, values), strict=True):
            row.id = claim_id
        _followers(history, random.Random(11))
        escalations = [
            {"customer_id": customer_id, "conversation_id": chat.id, "claim_id": claim_id,
             "created_at": created, "first_staff_reply_at": reply}
            for claim_id, created, reply in history.escalations
        ]  # fmt: skip
        await session.execute(insert(Escalation), escalations)
        bookings = [
            {"reference": f"TB-{n:06d}", "claim_id": claim_id, "kind": kind,
             "loaner_requested": loaner, "status": state, "created_at": created}
            for n, (claim_id, created, kind, loaner, state) in enumerate(history.bookings)
        ]  # fmt: skip
        await session.execute(insert(TransportBooking), bookings)
        await session.commit()
    return history


def percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    if share == 0.5:
        return statistics.median(values)
    return statistics.quantiles(values, n=10, method="inclusive")[round(share * 10) - 1]
