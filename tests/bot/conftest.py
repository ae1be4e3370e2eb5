"""A real bot (aiogram) against the fake Bot API server, on a seeded database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.db.session import SessionFactory
from backend.demo.seed import seed_demo
from bot.app import TelegramFrontend
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from tests.fakes.telegram_server import FakeTelegram
from tests.support.clock import TODAY, suite_clock
from tests.support.telegram import (
    LIVE,
    bot_settings,
)


@pytest.fixture(autouse=True)
def _track_frontends(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Remember every frontend a test starts, so `settle` can wait for them to go idle."""
    original = TelegramFrontend.__init__

    def tracked(self: TelegramFrontend, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        LIVE.append(self)

    monkeypatch.setattr(TelegramFrontend, "__init__", tracked)
    yield
    LIVE.clear()


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def seeded_db(session_factory: SessionFactory) -> SessionFactory:
    async with session_factory() as session:
        await seed_demo(session, TODAY)
    return session_factory


@pytest.fixture
async def start_bot(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    frontends: list[TelegramFrontend] = []

    async def start(**extra: Any) -> TelegramFrontend:
        settings = bot_settings(fake_telegram, tmp_path, **extra)
        engine = Engine(seeded_db, DialogConfig.from_settings(settings), clock=suite_clock())
        frontend = TelegramFrontend(settings, engine, seeded_db)
        frontend.inbox.album_quiet = 0.3
        await frontend.start()
        frontends.append(frontend)
        return frontend

    yield start
    for frontend in frontends:
        await frontend.stop()
