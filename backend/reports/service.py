"""The weekly complaint report: built from the statistics, kept once per period, sent to managers.

The file is a CSV (UTF-8 with a BOM, `stats/export.py`) with four parts: intake per day, claims
per model against the model's own history (confirmed manufacturing defects, as the warnings
count them), repair costs per model (fitted parts and labour), and the claims overdue on the
report day. `manager_report.period_key` is unique: several processes may build the same period,
and only the one whose row goes in queues it for the managers' linked Telegram chats.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.customers.models import Channel
from backend.db.dialect import upsert
from backend.db.session import SessionFactory
from backend.i18n import N_, gettext_for
from backend.notifications.service import enqueue
from backend.reports.models import ManagerReport, StaffTelegramLink
from backend.reports.schedule import Period, due_period, parse_schedule
from backend.stats import defects, export, service
from backend.stats.config import WarningRules
from backend.stats.costs import repair_costs
from backend.stats.filters import parse_filter
from backend.stats.schemas import Dashboard

TITLE = N_("Complaint report")
REPORT_KIND = "report"
WEEK = 7
Costing = tuple[Decimal, str]  # the labour rate per hour, the currency


async def _costs(
    session: AsyncSession, board: Dashboard, locale: str, rate: Decimal, currency: str
) -> list[list[Any]]:
    """Repair costs per model (fitted parts and labour) of the period's claims, if any."""
    costs = await repair_costs(session, board.scope, rate, currency)
    if not costs.by_model:
        return []
    header, lines = export.table(replace(board, costs=costs), "costs_models", locale)
    return _section(locale, N_("Repair costs"), header, lines)


def _section(locale: str, title: str, header: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    return [[], [gettext_for(locale, title)], header, *rows]


async def report_rows(
    session: AsyncSession, period: Period, rules: WarningRules, locale: str, costing: Costing
) -> tuple[list[str], list[list[Any]]]:
    """The report's header and rows for `period` (overdue as of the day after it)."""
    first, last = period.first.isoformat(), period.last.isoformat()
    board = await service.dashboard(
        session, parse_filter(period.last, date_from=first, date_to=last), period.last
    )
    weekly = rules.with_window(WEEK)
    rates = await defects.model_rates(session, board.scope, weekly)
    overdue = await service.overdue(session, board.scope, period.last + timedelta(days=1))
    board = replace(board, model_rates=rates, overdue=overdue)
    received = gettext_for(locale, N_("Claims received"))
    rows: list[list[Any]] = [[received, sum(board.by_channel.values())]]
    for title, name in (
        (N_("Intake"), "intake"),
        (N_("Confirmed defects per model against its history"), "models"),
    ):
        header, lines = export.table(board, name, locale)
        rows += _section(locale, title, header, lines)
    rows += await _costs(session, board, locale, *costing)
    header, lines = export.table(board, "overdue", locale)
    rows += _section(locale, N_("Overdue claims"), header, lines)
    return [gettext_for(locale, TITLE), f"{first} – {last}"], rows


def filename_for(period: Period) -> str:
    """The report's file name."""
    return f"complaint-report-{period.key}.csv"


async def linked_chats(session: AsyncSession) -> list[str]:
    """The Telegram chats of every staff member who linked one."""
    return list(await session.scalars(select(StaffTelegramLink.chat_id)))


async def store_report(
    session: AsyncSession,
    period: Period,
    content: bytes,
    *,
    media_dir: Path,
    locale: str,
    now: datetime,
) -> int | None:
    """Keep the period's report and queue it for the linked chats (no commit); its id, or None
    when another process has it already."""
    filename = filename_for(period)
    insert = upsert(session, ManagerReport.__table__).values(
        period_key=period.key,
        period_from=period.first,
        period_to=period.last,
        filename=filename,
        content=content,
        created_at=now,
    )
    statement = insert.on_conflict_do_nothing(index_elements=["period_key"])
    report_id = await session.scalar(statement.returning(ManagerReport.__table__.c.id))
    if report_id is None:
        return None
    path = media_dir / "reports" / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    dates = f"{period.first.isoformat()} – {period.last.isoformat()}"
    caption = f"{gettext_for(locale, TITLE)}: {dates}"
    document = {"document": str(path), "filename": filename}
    for chat in await linked_chats(session):
        await enqueue(session, None, now=now, kind=REPORT_KIND, text=caption, payload=document,
                      channel=Channel.TELEGRAM, recipient=chat)  # fmt: skip
    return int(report_id)


async def has_report(session: AsyncSession, key: str) -> bool:
    """Whether the period's report was made already."""
    found = await session.scalar(select(ManagerReport.id).where(ManagerReport.period_key == key))
    return found is not None


async def list_reports(session: AsyncSession) -> list[tuple[int, str, date, date, datetime]]:
    """(id, filename, first day, last day, made at) of every report, newest first."""
    rows = await session.execute(
        select(
            ManagerReport.id,
            ManagerReport.filename,
            ManagerReport.period_from,
            ManagerReport.period_to,
            ManagerReport.created_at,
        ).order_by(ManagerReport.period_from.desc())
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


async def report_if_due(
    sessions: SessionFactory,
    schedule_text: str,
    rules: WarningRules,
    *,
    media_dir: Path,
    locale: str,
    now: datetime,
    costing: Costing,
) -> int | None:
    """Make the report of the period due at `now` unless it exists; its id when made here.
    `costing`: the labour rate per hour and the currency repair costs are reported in."""
    schedule = parse_schedule(schedule_text)
    period = due_period(schedule, now) if schedule is not None else None
    if period is None:
        return None
    async with sessions() as session:
        if await has_report(session, period.key):
            return None
        header, rows = await report_rows(session, period, rules, locale, costing)
        content = export.csv_bytes(header, rows)
        report_id = await store_report(
            session, period, content, media_dir=media_dir, locale=locale, now=now
        )
        await session.commit()
    return report_id
