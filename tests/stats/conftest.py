"""A small, fully known claim history for the statistics tests, and what it should show.

`build_history` makes the rows from a seeded random generator: one model (CM-3) that goes bad in
the last 30 days, steady models (KT-1, SP-9), claims before the period, every channel, status,
warranty status, lifecycle timestamps, escalations, bookings and ratings. The tests compute the
expected numbers from these rows in plain Python and compare them with what the code shows.
"""

from __future__ import annotations

import pytest

from backend.db.session import SessionFactory
from tests.support.history import (
    History,
    build_history,
    store_history,
)


@pytest.fixture
async def history(session_factory: SessionFactory) -> History:
    """The known history in a fresh database (SQLite and PostgreSQL)."""
    return await store_history(session_factory, build_history())
