"""When the complaint report is due: `REPORT_SCHEDULE` as a weekday and an hour (UTC).

`mon 08:00` (or `mon 8`) reports every Monday from 08:00 UTC on the seven days before; `off`
reports never. A period is named by the ISO week of its report day (`2026-W49`), the unique key
that lets one process of many write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PATTERN = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)\s+(\d{1,2})(?::00)?$")
OFF = "off"


@dataclass(frozen=True)
class Schedule:
    """The weekday (0 = Monday) and the UTC hour of the weekly report."""

    weekday: int
    hour: int


@dataclass(frozen=True)
class Period:
    """One reported week: its key and its first and last days."""

    key: str
    first: date
    last: date


def parse_schedule(value: str) -> Schedule | None:
    """The schedule written as `mon 08:00`; None for `off`; ValueError otherwise."""
    text = value.strip().lower()
    if text == OFF:
        return None
    match = _PATTERN.match(text)
    if match is None or int(match.group(2)) > 23:
        raise ValueError("a weekday and an hour, e.g. 'mon 08:00', or 'off'")
    return Schedule(WEEKDAYS.index(match.group(1)), int(match.group(2)))


def due_period(schedule: Schedule, now: datetime) -> Period | None:
    """The latest period whose report time has come by `now` (None before the first)."""
    today = now.astimezone(UTC).date()
    day = today - timedelta(days=(today.weekday() - schedule.weekday) % 7)
    moment = datetime.combine(day, time(schedule.hour), UTC)
    if moment > now:
        day -= timedelta(days=7)
    year, week, _ = day.isocalendar()
    return Period(f"{year}-W{week:02d}", day - timedelta(days=7), day - timedelta(days=1))
