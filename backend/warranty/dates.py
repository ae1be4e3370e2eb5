"""Calendar arithmetic used by the warranty rules.

Periods "in months" follow the civil-law convention: a period that starts on
the 31st ends on the last day of a shorter month (Jan 31 + 1 month = Feb 28/29).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def months_after(d: date, months: int) -> date:
    """Return `d` moved by `months` calendar months, clamped to the month's last day."""
    index = d.year * 12 + (d.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def days_after(d: date, days: int) -> date:
    """Return the date `days` days after `d`."""
    return d + timedelta(days=days)


def days_between(start: date, end: date) -> int:
    """Return the number of days from `start` to `end` (negative if `end` is earlier)."""
    return (end - start).days
