"""The manager dashboard: intake, service levels, overdue claims, defect warnings, exports.

Every route needs the manager role (admins have it too). The query parameters are the same for
the page, the CSV exports, the proposals and the JSON API: `from`, `to` (ISO dates) or `days`,
`product` (id), `category`, `channel`, and `window` (days of the defect-warning window).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_skeleton
from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.claims.labels import DEFECT_CATEGORIES, STATUS_NAMES
from backend.i18n import gettext_for
from backend.stats import charts, costs, defects, export, proposal, service
from backend.stats.config import WarningRules
from backend.stats.filters import QUICK_DAYS, StatsFilter, parse_filter
from backend.stats.labels import CHANNEL_NAMES, TABLE_TITLES, UNLISTED_DEFECTS, Formatter
from backend.stats.schemas import Dashboard
from backend.stats.service import UNLISTED
from backend.warranty.explain import STATUS_LABELS
from backend.web.console.pages import console_page, staff_locale
from backend.web.console.session import Manager
from backend.web.state import app_state

router = APIRouter()


def period_from_query(request: Request) -> StatsFilter:
    """The period and filters of a stats request (invalid values fall back to defaults)."""
    query = request.query_params
    today = app_state(request.app).clock.today()
    return parse_filter(
        today,
        date_from=query.get("from", "")[:32],
        date_to=query.get("to", "")[:32],
        product=query.get("product", "")[:12],
        category=query.get("category", "")[:64],
        channel=query.get("channel", "")[:16],
        days=query.get("days", "")[:4],
    )


def rules_from_query(request: Request) -> WarningRules:
    """The configured warning rules, with the `window` parameter when given."""
    window = request.query_params.get("window", "")[:3]
    rules = app_state(request.app).settings.warning_rules()
    return rules.with_window(int(window) if window.isdigit() else None)


async def load_dashboard(request: Request, period: StatsFilter, rules: WarningRules) -> Dashboard:
    """Every block of the dashboard, with the model rates and the repair costs."""
    state = app_state(request.app)
    async with state.report_sessions() as session:
        board = await service.dashboard(session, period, state.clock.today())
        rates = await defects.model_rates(session, board.scope, rules)
        settings = state.settings
        repair = await costs.repair_costs(
            session, board.scope, settings.labour_rate_per_hour, settings.currency
        )
    return replace(board, model_rates=rates, costs=repair)


def _query(request: Request, period: StatsFilter, rules: WarningRules, **changes: str) -> str:
    """The page's query string (with `lang` when the page has one) for links and exports."""
    lang = request.query_params.get("lang", "")[:5]
    params = {**period.params(), "window": str(rules.window_days), "lang": lang, **changes}
    return urlencode({key: value for key, value in params.items() if value})


def _charts(board: Dashboard, locale: str) -> dict[str, Any]:
    def named(names: dict[str, str], counts: dict[str, int]) -> list[tuple[str, int]]:
        return [(gettext_for(locale, names.get(key, key)), n) for key, n in counts.items()]

    codes = {p.id: p.model_code for p in board.scope.products}
    products = sorted(board.by_product.items(), key=lambda item: -item[1])
    days = [(format_skeleton("MMMd", day, locale=locale), n) for day, n in board.intake]
    ratings = [(f"{'★' * r}", n) for r, n in sorted(board.ratings.distribution.items())]
    return {
        "intake": charts.column_chart(days),
        "channels": charts.row_chart(named(CHANNEL_NAMES, board.by_channel)),
        "products": charts.row_chart([(codes[pid], n) for pid, n in products]),
        "defects": charts.row_chart(
            named({**DEFECT_CATEGORIES, UNLISTED: UNLISTED_DEFECTS}, board.by_defect)
        ),
        "statuses": charts.row_chart(named(STATUS_NAMES, board.by_status)),
        "warranty": charts.row_chart(named(STATUS_LABELS, board.by_warranty)),
        "ratings": charts.row_chart(ratings),
    }


@router.get("/stats")
async def stats_page(request: Request, user: Manager) -> Response:
    """The dashboard for the chosen period and filters."""
    period, rules = period_from_query(request), rules_from_query(request)
    board = await load_dashboard(request, period, rules)
    locale = staff_locale(request)
    query = _query(request, period, rules)
    return console_page(
        request,
        "stats.html",
        user,
        board=board,
        period=period,
        rules=rules,
        fmt=Formatter(locale),
        charts=_charts(board, locale),
        tables={name: export.table(board, name, locale) for name in export.BUILDERS},
        titles=TABLE_TITLES,
        categories=sorted({p.category for p in board.scope.products}),
        channel_names=CHANNEL_NAMES,
        defect_names=DEFECT_CATEGORIES,
        quick=[
            (days, "?" + _query(request, period, rules, days=str(days), to="", **{"from": ""}))
            for days in QUICK_DAYS
        ],
        query=query,
    )


def _attachment(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/stats/export/{table}.csv")
async def export_table(request: Request, table: str, user: Manager) -> Response:
    """One dashboard table as CSV (UTF-8 with BOM), for the same filters as the page."""
    if table not in export.BUILDERS:
        return console_page(request, "not_found.html", user, status_code=404)
    period, rules = period_from_query(request), rules_from_query(request)
    board = await load_dashboard(request, period, rules)
    header, rows = export.table(board, table, staff_locale(request))
    name = f"{table}-{period.date_from.isoformat()}-{period.date_to.isoformat()}.csv"
    return _attachment(export.csv_bytes(header, rows), "text/csv; charset=utf-8", name)


@router.get("/stats/proposal/{model_code}.{kind}")
async def proposal_file(request: Request, model_code: str, kind: str, user: Manager) -> Response:
    """The proposal to production for one model, as CSV or PDF."""
    period, rules = period_from_query(request), rules_from_query(request)
    state = app_state(request.app)
    async with state.report_sessions() as session:
        scope = await service.resolve_scope(session, period)
        product = next((p for p in scope.products if p.model_code == model_code), None)
        if product is None or kind not in ("csv", "pdf"):
            return console_page(request, "not_found.html", user, status_code=404)
        data = await defects.proposal(session, scope, product, rules)
    locale = staff_locale(request)
    name = f"proposal-{product.model_code}-{data.window_to.isoformat()}.{kind}"
    if kind == "csv":
        content = export.csv_bytes(*proposal.proposal_table(data, locale))
        return _attachment(content, "text/csv; charset=utf-8", name)
    return _attachment(proposal.proposal_pdf(data, locale), "application/pdf", name)
