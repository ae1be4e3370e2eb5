"""A text or a button press of a chat with nothing under way is stored by its dialog step's own
transaction: when the webhook answers, the update's row and its replies are both committed; a
redelivery is still recognised; a step that fails still leaves the row stored, once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from backend.db.session import SessionFactory
from backend.notifications.models import InboxUpdate, OutboxMessage
from tests.fakes.telegram_server import FakeTelegram
from tests.support.telegram import FAILING, SORRY, fail_first, settle

CHAT = 7201


async def _rows(sessions: SessionFactory, chat: int) -> tuple[list[Any], int]:
    async with sessions() as session:
        stored = (
            await session.execute(
                select(InboxUpdate.dedupe_key, InboxUpdate.done_at).where(
                    InboxUpdate.chat == str(chat)
                )
            )
        ).all()
        replies = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.recipient == str(chat))
        )
    return list(stored), int(replies or 0)


async def test_the_webhook_answers_once_the_update_and_its_replies_are_committed(
    fake_telegram: FakeTelegram, start_bot: Any, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    frontend = await start_bot()
    update = fake.command(CHAT, "start")
    assert await frontend.feed_webhook(dict(update))
    stored, replies = await _rows(seeded_db, CHAT)
    assert len(stored) == 1 and stored[0].done_at is not None  # processed with its step
    assert replies >= 1  # the greeting is in the outbox already
    await settle(fake, 0)
    greeting = fake.texts_to(CHAT)
    again = {**update, "update_id": update["update_id"] + 1000}  # redelivered, new update_id
    assert await frontend.feed_webhook(again)
    assert await _rows(seeded_db, CHAT) == (stored, replies)
    assert fake.texts_to(CHAT) == greeting


async def test_an_update_whose_step_keeps_failing_is_stored_once_and_apologised_for(
    fake_telegram: FakeTelegram,
    start_bot: Any,
    seeded_db: SessionFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = fake_telegram
    frontend = await start_bot()
    fail_first(monkeypatch, frontend, times=3)
    assert await frontend.feed_webhook(dict(fake.command(FAILING, "start")))
    stored, _ = await _rows(seeded_db, FAILING)
    assert len(stored) == 1 and stored[0].done_at is not None
    await settle(fake, 0)
    assert fake.texts_to(FAILING) == [SORRY]
