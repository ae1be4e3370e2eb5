"""What the dashboard should show for the test history, computed in plain Python from the rows."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from backend.stats.filters import StatsFilter, buckets, midnight
from tests.support.clock import TODAY
from tests.support.history import RESOLVED, ClaimRow, History, percentile


def selected(history: History, period: StatsFilter) -> list[ClaimRow]:
    """Claims received in the period that pass the product, category and channel filters."""
    return [
        row
        for row in history.claims
        if _in_scope(history, row, period) and _in(row.created, period)
    ]


def _in(moment: datetime, period: StatsFilter) -> bool:
    return period.start <= moment < period.end


def _in_scope(history: History, row: ClaimRow, period: StatsFilter) -> bool:
    if period.product_id and history.product_ids[row.model] != period.product_id:
        return False
    if period.category and history.categories[row.model] != period.category:
        return False
    return not period.channel or row.channel == period.channel


def _seconds(later: datetime | None, earlier: datetime) -> float | None:
    return None if later is None else (later - earlier).total_seconds()


def durations(values: list[float]) -> tuple[int, float | None, float | None]:
    """Count, median and 90th percentile."""
    return len(values), percentile(values, 0.5), percentile(values, 0.9)


def expected(history: History, period: StatsFilter) -> dict[str, Any]:
    """Every number the service should return for `period`."""
    rows = selected(history, period)
    ids = {row.id for row in rows}
    scoped = {row.id for row in history.claims if _in_scope(history, row, period)}
    first = [s for row in rows if (s := _seconds(row.first_action, row.created)) is not None]
    resolved = [row for row in rows if row.resolved is not None]
    escalations = [e for e in history.escalations if _in(e[1], period) and e[0] in scoped]
    replies = [(reply - created).total_seconds() for _, created, reply in escalations if reply]
    bookings = [b for b in history.bookings if _in(b[1], period) and b[0] in scoped]
    overdue = sorted(
        (
            row
            for row in history.claims
            if row.id in scoped and row.status not in RESOLVED and row.due < TODAY
        ),
        key=lambda row: (row.due, row.id),
    )
    return {
        "total": len(rows),
        "intake": [
            sum(1 for row in rows if midnight(lo) <= row.created < midnight(hi))
            for lo, hi in buckets(period)
        ],
        "by_channel": Counter(row.channel for row in rows),
        "by_status": Counter(row.status for row in rows),
        "by_warranty": Counter(row.warranty for row in rows),
        "by_defect": Counter(row.defect for row in rows),
        "by_product": Counter(history.product_ids[row.model] for row in rows),
        "first_action": durations(first),
        "resolution": durations(
            [(row.resolved - row.created).total_seconds() for row in resolved if row.resolved]
        ),
        "on_time": sum(1 for row in resolved if row.resolved and row.resolved.date() <= row.due),
        "overdue_total": len(overdue),
        "overdue_ids": [row.id for row in overdue[:20]],
        "escalations": (len(escalations), durations(replies)),
        "bookings": (
            len(bookings),
            sum(1 for b in bookings if b[2] == "pickup"),
            sum(1 for b in bookings if b[3]),
        ),
        "loaners_out": sum(
            1 for b in history.bookings if b[3] and b[4] == "booked" and b[0] in scoped
        ),
        "ratings": Counter(row.rating for row in rows if row.rating),
        "claim_ids": ids,
    }


def confirmed(row: ClaimRow) -> bool:
    """A confirmed manufacturing defect: diagnosed as one, not cancelled or rejected."""
    return row.diagnosis == "manufacturing_defect" and row.status not in ("cancelled", "rejected")


def window_claims(history: History, model: str, first: date, last: date) -> int:
    """Confirmed defects of `model` received from `first` to `last` (both included)."""
    return sum(
        1
        for row in history.claims
        if row.model == model and first <= row.created.date() <= last and confirmed(row)
    )
