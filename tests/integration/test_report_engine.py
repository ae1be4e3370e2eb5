"""Statistics read through engines of their own on SQLite, off the event loop, read-only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.config import Settings
from backend.demo.seed import seed_demo
from backend.runtime import open_runtime
from tests.support.clock import TODAY
from tests.support.database import postgres_url


async def test_reports_see_committed_data_refuse_writes_and_leave_the_loop_free(
    tmp_path: Path,
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'reports.db'}",
        media_dir=tmp_path / "media",
        secret_key="report-engine-test-secret",
    )
    runtime = await open_runtime(settings, migrate=True)
    try:
        assert runtime.report_engine is not None
        async with runtime.sessions() as session:
            await seed_demo(session, TODAY)
        async with runtime.report_sessions() as report:
            products = await report.scalar(select(func.count()).select_from(Product))
            assert products
            # A long report leaves the event loop free; the same query inline would hold it.
            assert await _ticks_during_slow_query(runtime.report_sessions) > 20
            async with runtime.sessions() as inline:
                assert await _ticks_during_slow_query(lambda: _Same(inline)) < 5
            with pytest.raises(OperationalError, match="readonly"):
                await report.execute(text("DELETE FROM product"))
        async with runtime.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Product)) == products
        await asyncio.sleep(0)
    finally:
        await runtime.close()


SLOW = text(
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000)"
    " SELECT count(*) FROM c"
)


class _Same:
    """An open session used as a context manager again."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def __aenter__(self) -> AsyncSession:
        return self.session

    async def __aexit__(self, *_exc: object) -> None:
        return None


async def _ticks_during_slow_query(sessions: Callable[[], Any]) -> int:
    """How often a 1 ms ticker ran while a slow query was answered."""
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.001)
            ticks += 1

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    ticks = 0
    async with sessions() as session:
        assert await session.scalar(SLOW) == 1_500_000
    stop.set()
    await task
    return ticks


@pytest.mark.postgres
async def test_a_server_database_serves_reports_from_its_own_pool(tmp_path: Path) -> None:
    # Opening the runtime connects once (a start-up check), so this needs a real server.
    settings = Settings(
        database_url=postgres_url(),
        secret_key="report-engine-test-secret",
        media_dir=tmp_path / "media",
    )
    runtime = await open_runtime(settings)
    try:
        assert runtime.report_engine is None
        assert runtime.report_sessions is runtime.sessions
    finally:
        await runtime.close()
