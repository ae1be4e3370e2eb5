"""Upgrading a database whose customers already asked for loaners keeps their requests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from backend.catalog.importer import import_products, import_units
from backend.db.migrate import upgrade
from backend.db.session import make_engine, make_session_factory
from backend.loaners.models import LoanStatus
from backend.transport.models import TransportBooking
from tests.support.clock import NOW, TODAY, days
from tests.support.console import make_claim
from tests.support.loaners import claim_loan


async def test_a_loaner_asked_for_before_the_pool_is_a_request_with_its_deadline(
    tmp_path: Path, demo_dir: Path
) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'before-the-pool.db'}")
    await upgrade(engine, "0015")  # every revision before the loaner pool
    sessions = make_session_factory(engine)
    async with sessions() as session:
        await import_products(session, demo_dir / "products.csv")
        await import_units(session, demo_dir / "units.csv", TODAY)
    claim = await make_claim(sessions, serial="WM700-0001")
    async with sessions() as session:
        booking = {
            "reference": "TB-OLD001",
            "claim_id": claim.id,
            "kind": "dropoff",
            "address": "",
            "company_pays": True,
            "loaner_requested": True,
            "loaner_due_by": days(3),
            "status": "booked",
            "created_at": NOW,
        }
        await session.execute(insert(TransportBooking).values(booking))
        await session.commit()
    await upgrade(engine)
    loan = await claim_loan(sessions, claim.id)
    await engine.dispose()
    assert loan.status is LoanStatus.REQUESTED and loan.due_by == days(3)
    assert loan.rule_id == "ru.loaner" and loan.unit_id is None
