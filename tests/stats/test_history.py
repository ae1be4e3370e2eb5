"""The demo history generator: realistic shape, bad models flagged, safe to run twice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.catalog.models import Product, Unit
from backend.claims.models import Claim, ClaimEvent, ClaimNumberCounter, ClaimStatus
from backend.claims.numbering import next_claim_number
from backend.claims.workflow import RESOLVED
from backend.customers.models import Channel
from backend.customers.service import customer_id_for
from backend.db.session import SessionFactory
from backend.demo.history import generate_history
from backend.demo.seed import seed_demo
from backend.escalations.models import Escalation
from backend.stats import defects, service
from backend.stats.config import WarningRules
from backend.stats.filters import parse_filter
from backend.transport.models import TransportBooking
from tests.integration.test_cli import run
from tests.support.clock import TODAY
from tests.support.history import NOW


async def _count(sessions: SessionFactory, *where: object, model: type = Claim) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_a_generated_year_looks_real_and_flags_the_bad_models(
    engine: AsyncEngine, session_factory: SessionFactory
) -> None:
    async with session_factory() as session:
        await seed_demo(session, TODAY)
    first = await generate_history(engine, 2500, NOW)
    second = await generate_history(engine, 1500, NOW, seed=7)
    assert (first.claims, second.claims) == (2500, 1500)
    assert await _count(session_factory) == 4000
    assert await _count(session_factory, model=Escalation) == first.escalations + second.escalations
    assert await _count(session_factory, model=TransportBooking) == first.bookings + second.bookings
    assert first.escalations > 50 and first.bookings > 300
    # Lifecycles hang together: resolved exactly when the status says so, in time order.
    resolved = Claim.status.in_([s.value for s in RESOLVED])
    assert await _count(session_factory, resolved, Claim.resolved_at.is_(None)) == 0
    assert await _count(session_factory, ~resolved, Claim.resolved_at.is_not(None)) == 0
    assert (
        await _count(
            session_factory, Claim.status == ClaimStatus.NEW, Claim.first_action_at.is_not(None)
        )
        == 0
    )
    async with session_factory() as session:
        stamps = (
            await session.execute(
                select(Claim.created_at, Claim.first_action_at, Claim.resolved_at)
            )
        ).all()
    assert all(
        c <= NOW and (f is None or c <= f) and (r is None or (f and f <= r)) for c, f, r in stamps
    )
    await _check_timelines(session_factory)
    await _check_catalog_rates_and_numbers(session_factory)


async def _check_timelines(sessions: SessionFactory) -> None:
    """Every claim's timeline: registered; accepted when acted on; the last step when resolved."""
    async with sessions() as session:
        claims = {
            c.id: c for c in await session.scalars(select(Claim).order_by(Claim.id).limit(600))
        }
        events = list(
            await session.scalars(
                select(ClaimEvent)
                .where(ClaimEvent.claim_id.in_(claims))
                .order_by(ClaimEvent.claim_id, ClaimEvent.at, ClaimEvent.id)
            )
        )
    timeline: dict[int, list[ClaimEvent]] = {claim_id: [] for claim_id in claims}
    for event in events:
        timeline[event.claim_id].append(event)
    for claim_id, claim in claims.items():
        steps = timeline[claim_id]
        assert steps[0].action == "created" and steps[0].at == claim.created_at
        assert steps[0].actor_id == claim.customer_id
        accepted = [e for e in steps if e.action == "accept"]
        assert len(accepted) == (claim.first_action_at is not None)
        assert all(e.at == claim.first_action_at for e in accepted)
        if claim.resolved_at is not None:
            assert steps[-1].at == claim.resolved_at and steps[-1].to_status == claim.status.value
        else:
            assert len(steps) == 1 + len(accepted)


async def _check_catalog_rates_and_numbers(sessions: SessionFactory) -> None:
    async with sessions() as session:
        fridge = await session.scalar(select(Product.id).where(Product.model_code == "FR-300"))
        units = await session.scalar(select(func.count()).select_from(Unit))
        assert units is not None and units > 8000
        scope = await service.resolve_scope(session, parse_filter(TODAY))
        rates = {
            r.product.model_code: r
            for r in await defects.model_rates(session, scope, WarningRules())
        }
        board = await service.dashboard(session, parse_filter(TODAY), TODAY)
        # New claims and rows after the generator get fresh numbers and ids.
        number = await next_claim_number(session, TODAY.year)
        customer_id = await customer_id_for(
            session, Channel.WEB, "after-history", locale="en", now=NOW
        )
        await session.flush()
        counter = await session.scalar(
            select(ClaimNumberCounter.last_value).where(ClaimNumberCounter.year == TODAY.year)
        )
        await session.rollback()
    async with sessions() as session:
        months = [
            c.month
            for c in await session.scalars(
                select(Claim.created_at).where(Claim.product_id == fridge)
            )
        ]
    summer = sum(1 for month in months if month in (6, 7, 8))
    winter = sum(1 for month in months if month in (12, 1, 2))
    assert summer > 1.5 * winter  # fridges fail in the heat
    assert rates["CM-3"].flagged and rates["CM-3"].top_defects[0][0] == "leak"
    assert not rates["SP-9"].flagged and not rates["KT-1"].flagged
    assert board.overdue.total > 0 and board.escalations.count > 0 and board.ratings.count > 0
    assert counter is not None and number == f"WR-{TODAY.year}-{counter:06d}"
    assert await _count(sessions, Claim.number == number) == 0
    assert customer_id > 0


def test_the_demo_command_generates_history(tmp_path: Path) -> None:
    result = run(tmp_path, "demo", "--no-serve", "--claims", "400")
    assert result.returncode == 0, result.stderr
    assert "Generated 400 claims of history" in result.stdout
    with sqlite3.connect(tmp_path / "cli.db") as connection:
        (claims,) = connection.execute("SELECT count(*) FROM claim").fetchone()
    assert claims == 400
