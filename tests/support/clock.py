"""The suite's one clock: every date a test uses is relative to `TODAY`.

The date is fixed so expectations stay readable; the code under test never sees the real date
(it reads the clock it is given), so the suite passes whatever day it runs on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from backend.clock import ManualClock

TODAY = date(2026, 11, 27)
NOW = datetime.combine(TODAY, time(12, 0), UTC)


def days(count: int) -> date:
    """The date `count` days after (or before, when negative) `TODAY`."""
    return TODAY + timedelta(days=count)


def suite_clock(at: datetime = NOW) -> ManualClock:
    """A clock at `at` that ticks with real elapsed time, so retries and leases come due."""
    return ManualClock(at, ticking=True)
