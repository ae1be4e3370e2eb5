"""Every dashboard block as a table (page, CSV) and the whole dashboard as JSON (API).

The page's data tables, the CSV files and the JSON answer are all built here from one
`Dashboard`, so they always show the same numbers. CSV is UTF-8 with a BOM (spreadsheets then
read Cyrillic and Hangul right); numbers stay machine-readable, headers follow the language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

from backend.claims.labels import DEFECT_CATEGORIES, STATUS_NAMES
from backend.i18n import N_, gettext_for
from backend.stats.labels import CHANNEL_NAMES, UNLISTED_DEFECTS
from backend.stats.schemas import Dashboard, Durations
from backend.stats.service import UNLISTED
from backend.warranty.explain import STATUS_LABELS

Table = tuple[list[str], list[list[Any]]]
CLAIMS, SHARE, MEASURE, VALUE = N_("Claims"), N_("Share"), N_("Measure"), N_("Value")


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _counted(names: dict[str, str], counts: dict[str, int], key: str, locale: str) -> Table:
    whole = sum(counts.values())
    rows = [[gettext_for(locale, names.get(k, k)), n, _share(n, whole)] for k, n in counts.items()]
    return [gettext_for(locale, m) for m in (key, CLAIMS, SHARE)], rows


def _intake(board: Dashboard, locale: str) -> Table:
    first = N_("Week starting") if board.scope.filter.weekly else N_("Day")
    return [gettext_for(locale, first), gettext_for(locale, CLAIMS)], [
        [day, n] for day, n in board.intake
    ]


def _products(board: Dashboard, locale: str) -> Table:
    whole = sum(board.by_product.values())
    names = {p.id: p for p in board.scope.products}
    rows = [
        [names[pid].model_code, names[pid].name, names[pid].category, n, _share(n, whole)]
        for pid, n in sorted(board.by_product.items(), key=lambda item: -item[1])
    ]
    header = (N_("Model"), N_("Product"), N_("Category"), CLAIMS, SHARE)
    return [gettext_for(locale, m) for m in header], rows


def _durations(labels: tuple[str, str], durations: Durations) -> list[list[Any]]:
    return [
        [labels[0], _hours(durations.median_seconds)],
        [labels[1], _hours(durations.p90_seconds)],
    ]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _measures(rows: list[list[Any]], locale: str) -> Table:
    header = [gettext_for(locale, MEASURE), gettext_for(locale, VALUE)]
    return header, [[gettext_for(locale, label), value] for label, value in rows]


def _service(board: Dashboard, locale: str) -> Table:
    resolution = board.resolution
    rows: list[list[Any]]
    first = (
        N_("Time to first action, median (hours)"),
        N_("Time to first action, 90th percentile (hours)"),
    )
    resolved = (
        N_("Time to resolution, median (hours)"),
        N_("Time to resolution, 90th percentile (hours)"),
    )
    rows = [
        [N_("Claims received"), board.total],
        [N_("Claims with a first staff action"), board.first_action.count],
        *_durations(first, board.first_action),
        [N_("Resolved claims"), resolution.durations.count],
        *_durations(resolved, resolution.durations),
        [N_("Resolved within the statutory deadline"), resolution.on_time],
        [N_("Share resolved within the statutory deadline"), _round(resolution.on_time_share)],
    ]
    return _measures(rows, locale)


def _overdue(board: Dashboard, locale: str) -> Table:
    header = (
        N_("Number"),
        N_("Model"),
        N_("Status"),
        N_("Due date"),
        N_("Days overdue"),
        N_("Received"),
    )
    rows = [
        [
            claim.number,
            claim.model_code,
            gettext_for(locale, STATUS_NAMES.get(claim.status, claim.status)),
            claim.statutory_due_on,
            claim.days_overdue,
            claim.received_at.date(),
        ]
        for claim in board.overdue.claims
    ]
    return [gettext_for(locale, m) for m in header], rows


def _escalations(board: Dashboard, locale: str) -> Table:
    escalations = board.escalations
    rows: list[list[Any]] = [
        [N_("Escalations to a person"), escalations.count],
        [N_("Claims received"), escalations.claims],
        [N_("Escalations per claim"), _round(escalations.rate)],
        [N_("Answered by staff"), escalations.answered],
        *_durations(
            (
                N_("Staff reply time, median (hours)"),
                N_("Staff reply time, 90th percentile (hours)"),
            ),
            escalations.reply,
        ),
    ]
    return _measures(rows, locale)


def _transport(board: Dashboard, locale: str) -> Table:
    t = board.transport
    rows: list[list[Any]] = [
        [N_("Transport bookings"), t.bookings],
        [N_("Courier pickups"), t.pickups],
        [N_("Drop-offs at a service point"), t.dropoffs],
        [N_("Bookings with a loaner"), t.with_loaner],
        [N_("Loaners out now"), t.loaners_out],
    ]
    return _measures(rows, locale)


def _ratings(board: Dashboard, locale: str) -> Table:
    rows: list[list[Any]] = [[str(r), n] for r, n in sorted(board.ratings.distribution.items())]
    rows.append([gettext_for(locale, N_("Average rating")), _round(board.ratings.average)])
    return [gettext_for(locale, N_("Rating")), gettext_for(locale, CLAIMS)], rows


MODEL_HEADER = (
    N_("Model"),
    N_("Product"),
    N_("Units sold"),
    N_("Claims in the window"),
    N_("Claims per 1,000 units"),
    N_("Own history"),
    N_("Category peers"),
    N_("Warning threshold"),
    N_("Warning"),
    N_("Top defects"),
)


def _models(board: Dashboard, locale: str) -> Table:
    rows = []
    for r in board.model_rates:
        top = ", ".join(gettext_for(locale, DEFECT_CATEGORIES.get(c, c)) for c, _ in r.top_defects)
        flag = gettext_for(locale, N_("yes") if r.flagged else N_("no"))
        rates = [_round(v) for v in (r.rate, r.history_rate, r.category_rate, r.threshold)]
        rows.append(
            [r.product.model_code, r.product.name, r.units, r.window_claims, *rates, flag, top]
        )
    return [gettext_for(locale, m) for m in MODEL_HEADER], rows


COST_HEADER = (
    N_("Claims with costs"),
    N_("Parts"),
    N_("Labour hours"),
    N_("Labour"),
    N_("Repair cost"),
)


def _costs(board: Dashboard, locale: str, by_model: bool) -> Table:
    """Repair costs per model or per defect category (amounts in the configured currency)."""
    repair = board.costs
    groups = (repair.by_model if by_model else repair.by_defect) if repair else ()
    names = _defect_names()
    first = N_("Model") if by_model else N_("Defect category")
    rows = [
        [
            row.key if by_model else gettext_for(locale, names.get(row.key, UNLISTED_DEFECTS)),
            row.claims,
            *(float(amount) for amount in (row.parts, row.labour_hours, row.labour, row.total)),
        ]
        for row in groups
    ]
    currency = f" ({repair.currency})" if repair else ""
    header = [gettext_for(locale, first), *(gettext_for(locale, m) for m in COST_HEADER)]
    return [*header[:5], header[5] + currency], rows


def _defect_names() -> dict[str, str]:
    return {**DEFECT_CATEGORIES, UNLISTED: UNLISTED_DEFECTS}


BUILDERS: dict[str, Callable[[Dashboard, str], Table]] = {
    "intake": _intake,
    "channels": lambda b, loc: _counted(CHANNEL_NAMES, b.by_channel, N_("Channel"), loc),
    "products": _products,
    "defects": lambda b, loc: _counted(_defect_names(), b.by_defect, N_("Defect category"), loc),
    "statuses": lambda b, loc: _counted(STATUS_NAMES, b.by_status, N_("Status"), loc),
    "warranty": lambda b, loc: _counted(STATUS_LABELS, b.by_warranty, N_("Warranty status"), loc),
    "service": _service,
    "overdue": _overdue,
    "escalations": _escalations,
    "transport": _transport,
    "ratings": _ratings,
    "models": _models,
    "costs_models": lambda b, loc: _costs(b, loc, by_model=True),
    "costs_defects": lambda b, loc: _costs(b, loc, by_model=False),
}


def table(board: Dashboard, name: str, locale: str) -> Table:
    """One block as a header and rows."""
    return BUILDERS[name](board, locale)


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    """A CSV file: UTF-8 with a BOM, dates in ISO form, empty cells for missing numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
