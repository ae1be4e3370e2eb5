"""What the statistics look at: a period of whole UTC days, optional product, category, channel.

Periods are bounded (`MAX_DAYS`), so every query reads a bounded range of the period indexes.
Charts count per day, or per ISO week (Monday first) when the period is longer than
`WEEKLY_AFTER_DAYS`; the first and last week are cut to the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from backend.customers.models import Channel

DEFAULT_DAYS = 90
QUICK_DAYS = (30, 90, 365)
MAX_DAYS = 731
WEEKLY_AFTER_DAYS = 60
CHANNELS = tuple(channel.value for channel in Channel)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class StatsFilter:
    """A period (both ends included) and the optional filters."""

    date_from: date
    date_to: date
    product_id: int | None = None
    category: str = ""
    channel: str = ""

    @property
    def days(self) -> int:
        """Length of the period in days."""
        return (self.date_to - self.date_from).days + 1

    @property
    def weekly(self) -> bool:
        """Whether the charts count per week instead of per day."""
        return self.days > WEEKLY_AFTER_DAYS

    @property
    def start(self) -> datetime:
        """The first moment of the period (UTC)."""
        return midnight(self.date_from)

    @property
    def end(self) -> datetime:
        """The first moment after the period (UTC)."""
        return midnight(self.date_to + DAY)

    def params(self) -> dict[str, str]:
        """The filter as query parameters (for links and exports)."""
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "product": str(self.product_id or ""),
            "category": self.category,
            "channel": self.channel,
        }


def midnight(day: date) -> datetime:
    """The first moment of `day` in UTC."""
    return datetime.combine(day, time(), UTC)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def parse_filter(
    today: date,
    date_from: str = "",
    date_to: str = "",
    product: str = "",
    category: str = "",
    channel: str = "",
    days: str = "",
) -> StatsFilter:
    """A filter from query parameters; anything invalid falls back to the default."""
    end = min(_date(date_to) or today, today)
    if days.isdigit() and 1 <= int(days) <= MAX_DAYS:
        start: date | None = end - DAY * (int(days) - 1)
    else:
        start = _date(date_from)
    if start is None:
        start = end - DAY * (DEFAULT_DAYS - 1)
    start, end = min(start, end), max(start, end)
    start = max(start, end - DAY * (MAX_DAYS - 1))
    return StatsFilter(
        date_from=start,
        date_to=end,
        product_id=int(product) if product.isdigit() else None,
        category=category.strip()[:64],
        channel=channel if channel in CHANNELS else "",
    )


def buckets(period: StatsFilter) -> list[tuple[date, date]]:
    """The chart buckets as [first day, day after) pairs covering the period."""
    if not period.weekly:
        return [(day, day + DAY) for day in _days(period.date_from, period.date_to)]
    result = []
    start = period.date_from
    while start <= period.date_to:
        next_monday = start + DAY * (7 - start.weekday())
        end = min(next_monday, period.date_to + DAY)
        result.append((start, end))
        start = end
    return result


def _days(first: date, last: date) -> list[date]:
    return [first + DAY * n for n in range((last - first).days + 1)]
