"""The weekly complaint report: built from the statistics, kept once per period, sent to managers.

The file is a CSV (UTF-8 with a BOM, `stats/export.py`) with four parts: intake per day, claims
per model against the model's own history (confirmed manufacturing defects, as the warnings
count them), repair costs per model (fitted parts and labour), and the claims overdue on the
report day. `manager_report.period_key` is unique: several processes may build the same period,
and only the one whose row goes in queues it for the managers' linked Telegram chats. Each chat
gets the file and its caption in the language its Telegram conversation speaks; the console
keeps the default language's file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.dates import format_interval
from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.conversations.models import Conversation
from backend.customers.models import Channel
from backend.db.dialect import upsert
from backend.db.session import SessionFactory
from backend.i18n import LOCALES, N_, gettext_for, ngettext_for
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


@dataclass(frozen=True)
class Recipient:
    """A linked Telegram chat and the language its report is written in."""

    chat_id: str
    locale: str


async def report_board(
    session: AsyncSession, period: Period, rules: WarningRules, costing: Costing
) -> Dashboard:
    """The period's figures: intake, weekly model rates, repair costs, overdue claims as of the
    day after the period."""
    first, last = period.first.isoformat(), period.last.isoformat()
    board = await service.dashboard(
        session, parse_filter(period.last, date_from=first, date_to=last), period.last
    )
    rates = await defects.model_rates(session, board.scope, rules.with_window(WEEK))
    overdue = await service.overdue(session, board.scope, period.last + timedelta(days=1))
    costs = await repair_costs(session, board.scope, *costing)
    return replace(board, model_rates=rates, overdue=overdue, costs=costs)


def period_words(period: Period, locale: str) -> str:
    """The period's days as `locale` writes a date range: "Nov 16 – 22, 2026"."""
    return str(format_interval(period.first, period.last, "yMMMd", locale=locale))


def _section(locale: str, title: str, header: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    return [[], [gettext_for(locale, title)], header, *rows]


def report_rows(board: Dashboard, period: Period, locale: str) -> tuple[list[str], list[list[Any]]]:
    """The report's header and rows in `locale`: words and the period translated, the table's
    numbers and dates left machine-readable for spreadsheets."""
    received = gettext_for(locale, N_("Claims received"))
    rows: list[list[Any]] = [[received, sum(board.by_channel.values())]]
    names = [
        (N_("Intake"), "intake"),
        (N_("Confirmed defects per model against its history"), "models"),
    ]
    if board.costs is not None and board.costs.by_model:
        names.append((N_("Repair costs"), "costs_models"))
    names.append((N_("Overdue claims"), "overdue"))
    for title, name in names:
        header, lines = export.table(board, name, locale)
        rows += _section(locale, title, header, lines)
    return [gettext_for(locale, TITLE), period_words(period, locale)], rows


def caption_for(board: Dashboard, period: Period, locale: str) -> str:
    """The message that carries the file: the period and the claims received, in `locale`."""
    received = sum(board.by_channel.values())
    count = ngettext_for(
        locale,
        "{count} claim received",
        "{count} claims received",
        received,
        count=format_decimal(received, locale=locale),
    )
    return f"{gettext_for(locale, TITLE)}: {period_words(period, locale)}\n{count}"


def filename_for(period: Period) -> str:
    """The report's file name."""
    return f"complaint-report-{period.key}.csv"


async def recipients(session: AsyncSession, default_locale: str) -> list[Recipient]:
    """Every linked chat, in the language its Telegram conversation speaks (the language the
    manager reads the bot in), else `default_locale`. Staff accounts keep no language."""
    talks = (Conversation.channel == Channel.TELEGRAM) & (
        Conversation.external_id == StaffTelegramLink.chat_id
    )
    rows = await session.execute(
        select(StaffTelegramLink.chat_id, Conversation.locale)
        .outerjoin(Conversation, talks)
        .order_by(StaffTelegramLink.staff_id)
    )
    return [
        Recipient(chat, locale if locale in LOCALES else default_locale) for chat, locale in rows
    ]


async def store_report(
    session: AsyncSession,
    period: Period,
    board: Dashboard,
    *,
    media_dir: Path,
    locale: str,
    now: datetime,
) -> int | None:
    """Keep the period's report (in `locale`, for the console) and queue it for the linked
    chats, each in its own language (no commit); its id, or None when another process has it
    already."""
    filename = filename_for(period)
    insert = upsert(session, ManagerReport.__table__).values(
        period_key=period.key,
        period_from=period.first,
        period_to=period.last,
        filename=filename,
        content=export.csv_bytes(*report_rows(board, period, locale)),
        created_at=now,
    )
    statement = insert.on_conflict_do_nothing(index_elements=["period_key"])
    report_id = await session.scalar(statement.returning(ManagerReport.__table__.c.id))
    if report_id is None:
        return None
    files: dict[str, Path] = {}
    for recipient in await recipients(session, locale):
        language = recipient.locale
        if language not in files:  # one file per language, whatever the number of chats
            files[language] = media_dir / "reports" / language / filename
            files[language].parent.mkdir(parents=True, exist_ok=True)
            files[language].write_bytes(export.csv_bytes(*report_rows(board, period, language)))
        document = {"document": str(files[language]), "filename": filename}
        await enqueue(session, None, now=now, kind=REPORT_KIND,
                      text=caption_for(board, period, language), payload=document,
                      channel=Channel.TELEGRAM, recipient=recipient.chat_id)  # fmt: skip
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
        board = await report_board(session, period, rules, costing)
        report_id = await store_report(
            session, period, board, media_dir=media_dir, locale=locale, now=now
        )
        await session.commit()
    return report_id
