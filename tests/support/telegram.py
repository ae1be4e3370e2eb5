"""Settings, waits and button lookups for tests of the bot against the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backend.config import Settings
from bot.app import TelegramFrontend
from tests.fakes.telegram_server import FakeTelegram

LIVE: list[TelegramFrontend] = []


def bot_settings(fake: FakeTelegram, tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}",
        media_dir=tmp_path / "media",
        secret_key="bot-tests-secret-key-000",
        telegram_bot_token=fake.token,
        telegram_api_base=fake.base_url,
        **extra,
    )


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


FAILING = 7101  # a chat whose first events fail (`fail_first`)
SORRY = "Sorry, something went wrong. Please try again."


def fail_first(monkeypatch: pytest.MonkeyPatch, frontend: TelegramFrontend, times: int) -> None:
    """The dialog engine of `frontend` raises for FAILING's first `times` events."""
    engine = frontend._services.engine
    original = engine.handle
    left = {"count": times}

    async def handle(event: Any) -> Any:
        if event.user_id == str(FAILING) and left["count"] > 0:
            left["count"] -= 1
            raise RuntimeError("the database went away")
        return await original(event)

    monkeypatch.setattr(engine, "handle", handle)
    frontend.inbox.retry_pause = 0.05
