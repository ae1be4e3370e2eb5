"""A real bot (aiogram) against the fake Bot API server, on a seeded database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.config import Settings
from backend.db.session import SessionFactory
from backend.demo.seed import seed_demo
from bot.app import TelegramFrontend
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from tests.dialogs.conftest import TODAY
from tests.fakes.telegram_server import FakeTelegram
from tests.support.clock import suite_clock

LIVE: list[TelegramFrontend] = []


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


def bot_settings(fake: FakeTelegram, tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}",
        media_dir=tmp_path / "media",
        secret_key="bot-tests-secret-key-000",
        telegram_bot_token=fake.token,
        telegram_api_base=fake.base_url,
        **extra,
    )


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


async def wait_until(condition: Callable[[], bool], limit: float = 10.0) -> None:
    """Poll `condition` until it holds (the bot answers asynchronously)."""
    deadline = asyncio.get_running_loop().time() + limit
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.02)


async def settle(fake: FakeTelegram, before: int, quiet: float = 0.25) -> None:
    """Wait for the bot's answer to start, then for it to finish (nothing under way, and no new
    message for a while)."""
    await wait_until(lambda: len(fake.sent) > before)
    count = -1
    while count != len(fake.sent):
        await wait_until(lambda: not any(frontend.busy for frontend in LIVE))
        count = len(fake.sent)
        await asyncio.sleep(quiet)


def last_with_button(fake: FakeTelegram, chat_id: int, data_suffix: str) -> dict[str, Any]:
    """The newest message to `chat_id` that has a button whose data ends with `data_suffix`."""
    for message in reversed(fake.sent):
        if message["chat_id"] != chat_id:
            continue
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for row in rows:
            for button in row:
                if str(button.get("callback_data", "")).endswith(data_suffix):
                    return message
    raise AssertionError(f"no message with a button {data_suffix!r}: {fake.texts_to(chat_id)}")


def button_data(message: dict[str, Any], suffix: str) -> str:
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            if str(button.get("callback_data", "")).endswith(suffix):
                return str(button["callback_data"])
    raise AssertionError(suffix)
