"""Periodic housekeeping of a serving process: media clean-up, expired staff sessions, reminders
for loaner units kept past their return date, and the scheduled complaint report (looked for
every few minutes, made once per period)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from backend.claims.cleanup import clean_media
from backend.loaners.reminders import remind_overdue_loaners
from backend.reports.service import report_if_due
from backend.staff.sessions import purge_expired
from backend.web.state import AppState

log = logging.getLogger(__name__)
FIRST_RUN = 60.0
INTERVAL = 6 * 3600.0
REPORT_INTERVAL = 300.0


async def housekeep_once(state: AppState) -> None:
    """One round: abandoned uploads and orphan files, sessions past their time-out, then one
    reminder per overdue loaner (at most one a day each)."""
    now = state.clock.now()
    async with state.sessions() as session:
        cleaned = await clean_media(session, state.settings.media_dir, now)
        expired = await purge_expired(session, now)
        await session.commit()
    async with state.sessions() as session:
        reminded = await remind_overdue_loaners(session, now)
        await session.commit()
    if reminded:
        state.hub.wake()
        log.info("housekeeping: %d loaner return reminders", reminded)
    if cleaned.drafts or cleaned.files or expired:
        log.info(
            "housekeeping: %d abandoned attachments, %d orphan files, %d expired sessions",
            cleaned.drafts,
            cleaned.files,
            expired,
        )


async def housekeep(state: AppState, stop: asyncio.Event) -> None:
    """Run `housekeep_once` shortly after start and then every few hours until `stop`."""
    delay = FIRST_RUN
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
            return
        try:
            await housekeep_once(state)
        except Exception:  # a failed round must not end the process; the next one retries
            log.exception("housekeeping failed")
        delay = INTERVAL


async def report_once(state: AppState) -> int | None:
    """Make the scheduled complaint report if its time has come and nobody made it yet."""
    settings = state.settings
    return await report_if_due(
        state.sessions,
        settings.report_schedule,
        settings.warning_rules(),
        media_dir=settings.media_dir,
        locale=settings.default_locale,
        now=state.clock.now(),
        costing=(settings.labour_rate_per_hour, settings.currency),
    )


async def send_reports(state: AppState, stop: asyncio.Event) -> None:
    """Look for a due complaint report every `REPORT_INTERVAL` seconds until `stop`."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), REPORT_INTERVAL)
            return
        try:
            if await report_once(state) is not None:
                log.info("housekeeping: the complaint report was made and queued")
        except Exception:  # a failed round must not end the process; the next one retries
            log.exception("complaint report failed")
