"""A few loaner units for the demo, of the demo catalog's categories."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.loaners.models import LoanerState, LoanerUnit

DEMO_LOANERS = (
    ("LN-WM-01", "Aqua 500 washing machine", "washing_machine", "Warehouse North, rack 1"),
    ("LN-WM-02", "Aqua 500 washing machine", "washing_machine", "Warehouse North, rack 1"),
    ("LN-FR-01", "Frost 200 refrigerator", "refrigerator", "Warehouse North, rack 2"),
    ("LN-TV-01", "Vision 43 television", "tv", "Service centre North"),
    ("LN-LT-01", "Book 14 laptop", "laptop", "Service centre North"),
)


async def seed_loaners(session: AsyncSession, today: date) -> None:
    """Add the demo's loaner units that are missing (no commit)."""
    known = set(await session.scalars(select(LoanerUnit.serial)))
    at = datetime.combine(today, time(), UTC)
    session.add_all(
        LoanerUnit(
            serial=serial,
            model=model,
            category=category,
            location=location,
            state=LoanerState.AVAILABLE,
            created_at=at,
            updated_at=at,
        )
        for serial, model, category, location in DEMO_LOANERS
        if serial not in known
    )
