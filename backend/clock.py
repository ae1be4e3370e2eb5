"""The one clock of the domain: every "now" and "today" comes from a `Clock`.

`SystemClock` is the only place that reads the real time. Processes build one at the edge and
carry it on their wiring (runtime, application state, dialog engine); services take `now` or
`today` as parameters. Tests set a `ManualClock` instead, so the suite passes on any date.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where the domain learns the time."""

    def now(self) -> datetime:
        """The current time, timezone-aware in UTC."""
        ...

    def today(self) -> date:
        """The current date (in UTC, as every stored timestamp)."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """The current time, timezone-aware in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The current date in UTC."""
        return self.now().date()


SYSTEM_CLOCK = SystemClock()


class ManualClock:
    """A clock that tests set and move; frozen, or ticking with real elapsed time.

    A ticking clock still starts at the time it was given: workers that wait for a moment in
    the future (a retry, a lease) see time pass, yet every date stays the one the test chose.
    Elapsed time is measured on the monotonic clock, which is not the date.
    """

    def __init__(self, at: datetime, *, ticking: bool = False) -> None:
        self._at = _aware(at)
        self._ticking = ticking
        self._since = time.monotonic()

    def now(self) -> datetime:
        """The time set, plus what has passed since when ticking."""
        if not self._ticking:
            return self._at
        return self._at + timedelta(seconds=time.monotonic() - self._since)

    def today(self) -> date:
        """The date of `now()`."""
        return self.now().date()

    def set(self, at: datetime) -> None:
        """Jump to `at`."""
        self._at, self._since = _aware(at), time.monotonic()

    def advance(self, delta: timedelta) -> None:
        """Move forward (or back, with a negative delta)."""
        self.set(self.now() + delta)


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("a clock needs a timezone-aware time")
    return at.astimezone(UTC)
