"""The dashboard as plain JSON data (machine keys, durations in hours) for the stats API."""

from __future__ import annotations

from typing import Any

from backend.stats.schemas import CostRow, Costs, Dashboard, Durations, ModelRate


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 4)


def _durations(durations: Durations) -> dict[str, Any]:
    return {
        "count": durations.count,
        "median_hours": _hours(durations.median_seconds),
        "p90_hours": _hours(durations.p90_seconds),
        "sampled": durations.sampled,
    }


def model_json(rate: ModelRate) -> dict[str, Any]:
    """One model's claim rate with its baselines and top defects."""
    return {
        "model_code": rate.product.model_code,
        "name": rate.product.name,
        "category": rate.product.category,
        "units": rate.units,
        "window_claims": rate.window_claims,
        "history_claims": rate.history_claims,
        "history_days": rate.history_days,
        "rate_per_1000": rate.rate,
        "history_rate_per_1000": rate.history_rate,
        "category_rate_per_1000": rate.category_rate,
        "threshold_per_1000": rate.threshold,
        "ratio": rate.ratio,
        "warning": rate.flagged,
        "top_defects": [{"category": c, "claims": n} for c, n in rate.top_defects],
    }


def _cost_rows(rows: tuple[CostRow, ...], key: str) -> list[dict[str, Any]]:
    return [
        {
            key: row.key,
            "claims": row.claims,
            "parts": float(row.parts),
            "labour_hours": float(row.labour_hours),
            "labour": float(row.labour),
            "total": float(row.total),
        }
        for row in rows
    ]


def costs_json(costs: Costs | None) -> dict[str, Any] | None:
    """Repair costs (fitted parts and labour) per model and per defect category."""
    if costs is None:
        return None
    return {
        "currency": costs.currency,
        "labour_rate_per_hour": float(costs.labour_rate),
        "total": float(costs.total),
        "by_model": _cost_rows(costs.by_model, "model_code"),
        "by_defect_category": _cost_rows(costs.by_defect, "category"),
    }


def _blocks(board: Dashboard) -> dict[str, Any]:
    names = {p.id: p.model_code for p in board.scope.products}
    return {
        "intake": [{"start": day.isoformat(), "claims": n} for day, n in board.intake],
        "by_channel": board.by_channel,
        "by_product": {names[pid]: n for pid, n in board.by_product.items()},
        "by_defect_category": board.by_defect,
        "by_status": board.by_status,
        "by_warranty_status": board.by_warranty,
        "first_action": _durations(board.first_action),
        "resolution": {
            **_durations(board.resolution.durations),
            "on_time": board.resolution.on_time,
            "on_time_share": board.resolution.on_time_share,
        },
    }


def _present(board: Dashboard) -> dict[str, Any]:
    escalations, transport, ratings = board.escalations, board.transport, board.ratings
    return {
        "overdue": {
            "total": board.overdue.total,
            "claims": [
                {
                    "number": c.number,
                    "model_code": c.model_code,
                    "status": c.status,
                    "statutory_due_on": c.statutory_due_on.isoformat(),
                    "days_overdue": c.days_overdue,
                }
                for c in board.overdue.claims
            ],
        },
        "escalations": {
            "count": escalations.count,
            "answered": escalations.answered,
            "per_claim": escalations.rate,
            "reply": _durations(escalations.reply),
        },
        "transport": {
            "bookings": transport.bookings,
            "pickups": transport.pickups,
            "dropoffs": transport.dropoffs,
            "with_loaner": transport.with_loaner,
            "loaners_out": transport.loaners_out,
        },
        "ratings": {
            "count": ratings.count,
            "average": ratings.average,
            "distribution": {str(k): v for k, v in ratings.distribution.items()},
        },
    }


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    """Every number of the dashboard."""
    period = board.scope.filter
    return {
        "period": {
            "from": period.date_from.isoformat(),
            "to": period.date_to.isoformat(),
            "bucket": "week" if period.weekly else "day",
        },
        "filters": {
            "product": period.product_id,
            "category": period.category or None,
            "channel": period.channel or None,
        },
        "total": board.total,
        **_blocks(board),
        **_present(board),
        "costs": costs_json(board.costs),
        "models": [model_json(rate) for rate in board.model_rates],
        "warnings": [rate.product.model_code for rate in board.warnings],
    }
