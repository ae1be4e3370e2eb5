"""Webhook mode: the real HTTP server behind the secret, and the same dialog as polling."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from backend.conversations.models import Conversation
from backend.db.session import SessionFactory
from backend.web.app import create_app
from tests.fakes.telegram_server import FakeTelegram
from tests.servers import free_port, running
from tests.support.clock import suite_clock
from tests.support.telegram import bot_settings, settle

USER = 6001


@pytest.fixture
async def webhook_server(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    settings = bot_settings(
        fake_telegram, tmp_path, telegram_webhook_url=url, telegram_webhook_secret="s3cret-Token_1"
    )
    settings = settings.model_copy(update={"database_url": database_url})
    async with running(create_app(settings, clock=suite_clock()), port):
        yield url


async def converse(fake: FakeTelegram, send: Any, user: int) -> list[str]:
    """A short dialog; returns every text the bot sent to the user."""
    await send(fake.command(user, "start"))
    start = next(m for m in reversed(fake.sent) if m["chat_id"] == user and m.get("reply_markup"))
    data = next(
        b["callback_data"]
        for row in start["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].endswith("warranty")
    )
    await send(fake.press_button(start, data, user_id=user))
    await send(fake.text_message(user, "WM700-0001"))
    return fake.texts_to(user)


async def test_wrong_secret_is_refused_and_changes_nothing(
    fake_telegram: FakeTelegram, webhook_server: str, seeded_db: SessionFactory
) -> None:
    assert fake_telegram.webhook_url == webhook_server
    assert fake_telegram.webhook_secret == "s3cret-Token_1"
    assert await fake_telegram.post_webhook(fake_telegram.command(USER, "start"), "wrong") == 401
    assert await fake_telegram.post_webhook(fake_telegram.command(USER, "start"), None) == 401
    await asyncio.sleep(0.2)
    assert fake_telegram.texts_to(USER) == []
    async with seeded_db() as session:
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 0


async def test_webhook_and_polling_give_the_same_conversation(
    fake_telegram: FakeTelegram, webhook_server: str, start_bot: Any
) -> None:
    fake = fake_telegram

    async def by_webhook(update: dict[str, Any]) -> None:
        before = len(fake.sent)
        assert await fake.post_webhook(update) == 200
        await settle(fake, before, quiet=0.05)

    webhook_texts = await converse(fake, by_webhook, USER)
    assert any("Under warranty" in t for t in webhook_texts)
    # The same customer again, now through long polling on a second bot process.
    await start_bot()

    async def by_polling(update: dict[str, Any]) -> None:
        before = len(fake.sent)
        fake.push_update(update)
        await settle(fake, before, quiet=0.05)

    polling_texts = await converse(fake, by_polling, USER + 1)
    assert polling_texts == webhook_texts


async def test_malformed_updates_are_acknowledged_and_the_bot_goes_on(
    fake_telegram: FakeTelegram, webhook_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake = fake_telegram
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
    hostile = [
        b"not json at all",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"update_id": 77, "message": {"message_id": "x", "chat": 5, "text": 3}}',
        b'["an", "array"]',
    ]
    async with aiohttp.ClientSession() as client:
        for body in hostile:
            async with client.post(webhook_server, data=body, headers=headers) as answer:
                assert answer.status == 200
    # The update of the wrong shape is stored and refused by the inbox; the others never get in.
    assert sum("ignored a webhook update" in r.getMessage() for r in caplog.records) == 3
    nul_text = fake.text_message(USER, "hello\u0000there")
    assert await fake.post_webhook(nul_text) == 200
    before = len(fake.sent)
    assert await fake.post_webhook(fake.command(USER, "start")) == 200
    await settle(fake, before, quiet=0.05)
    assert fake.texts_to(USER)


async def test_bot_command_refuses_to_poll_when_webhook_mode_is_configured(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    # Polling would delete the webhook the `serve` processes receive updates on.
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "backend",
        "bot",
        cwd=tmp_path,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
            "SECRET_KEY": "bot-tests-secret-key-000",
            "TELEGRAM_BOT_TOKEN": fake_telegram.token,
            "TELEGRAM_API_BASE": fake_telegram.base_url,
            "TELEGRAM_WEBHOOK_URL": "https://claims.example.com/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret-Token_1",
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_WEBHOOK_URL" in lines[0]
    assert fake_telegram.calls == []
    assert not (tmp_path / "bot.db").exists()


async def test_an_update_that_cannot_be_stored_is_asked_again_and_then_answered(
    fake_telegram: FakeTelegram, webhook_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.inbox import Inbox

    fake = fake_telegram
    update = fake.command(USER, "start")

    async def database_down(self: Inbox, payloads: list[dict[str, Any]]) -> int:
        raise ConnectionError("the database is away")

    with monkeypatch.context() as patch:
        patch.setattr(Inbox, "store", database_down)
        assert await fake.post_webhook(dict(update)) == 503  # Telegram sends it again later
    assert fake.texts_to(USER) == []
    assert await fake.post_webhook(dict(update)) == 200
    await settle(fake, 0)
    assert fake.texts_to(USER)[0].startswith("Hello!")
    assert await fake.post_webhook({"update_id": 1, "message": {"text": "no chat"}}) == 200
    assert await fake.post_webhook({"not": "an update"}) == 200
