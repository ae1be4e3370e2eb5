"""Process-wide wiring: settings -> engine -> session factory, opened once at the edge."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Coroutine
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.clock import SYSTEM_CLOCK, Clock
from backend.config import Settings, SettingsError
from backend.db.migrate import upgrade
from backend.db.session import (
    SessionFactory,
    make_engine,
    make_report_engine,
    make_session_factory,
)
from backend.preflight import check_connection, check_settings

T = TypeVar("T")


@dataclass
class Runtime:
    """The engines, session factories and clock of one process."""

    settings: Settings
    engine: AsyncEngine
    sessions: SessionFactory
    report_engine: AsyncEngine | None = None
    clock: Clock = SYSTEM_CLOCK

    @cached_property
    def report_sessions(self) -> SessionFactory:
        """Sessions for long read-only reports (statistics); the main ones where no report
        engine is needed."""
        if self.report_engine is None:
            return self.sessions
        return make_session_factory(self.report_engine)

    async def close(self) -> None:
        """Release the connection pools."""
        if self.report_engine is not None:
            await self.report_engine.dispose()
        await self.engine.dispose()


async def open_runtime(
    settings: Settings, *, migrate: bool = False, clock: Clock = SYSTEM_CLOCK
) -> Runtime:
    """Connect to the configured database, migrating it first when asked.

    What the settings point at is checked first (see `backend.preflight`): a missing driver,
    database or folder raises SettingsError naming the variable.
    """
    check_settings(settings)
    engine = make_engine(settings.database_url)
    try:
        await check_connection(engine)
    except SettingsError:
        await engine.dispose()
        raise
    if migrate:
        await upgrade(engine)
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        report_engine=make_report_engine(settings.database_url),
        clock=clock,
    )


def settle_heap() -> None:
    """Move what start-up built out of the garbage collector's sight, once per process.

    Code, the ORM's metadata, compiled statements and message catalogs live as long as the
    process; a full collection under load would walk all of them (tens of milliseconds, a pause
    every customer waiting then feels). Frozen, they are skipped.
    """
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


def run_loop(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` on uvloop where it is installed (as uvicorn does for `serve`), else on
    asyncio's own loop: the `bot` command and the benchmarks then run on the loop the web
    process runs on."""
    try:
        import uvloop
    except ImportError:  # not built for this platform
        return asyncio.run(main)
    return uvloop.run(main)
