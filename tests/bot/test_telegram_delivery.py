"""Every update kept and every reply delivered once, in order, within Telegram's limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.customers.models import ChannelIdentity
from backend.db.session import SessionFactory
from backend.notifications.models import InboxUpdate, OutboxMessage, OutboxStatus
from backend.web.app import create_app
from tests.fakes.telegram_server import FakeTelegram
from tests.servers import free_port, running
from tests.support.clock import suite_clock
from tests.support.telegram import LIVE, bot_settings, settle, wait_until

USER = 7001
HELLO = "Hello! I'm the warranty assistant of Warranty Service."
MENU = "How can I help you?"


@pytest.fixture(params=["polling", "webhook"])
async def deliver(
    request: pytest.FixtureRequest,
    fake_telegram: FakeTelegram,
    seeded_db: SessionFactory,
    database_url: str,
    tmp_path: Path,
    start_bot: Any,
) -> AsyncIterator[Any]:
    """A function handing an update to the bot the way the mode under test does."""
    fake = fake_telegram
    if request.param == "polling":
        await start_bot()

        async def push(update: dict[str, Any]) -> None:
            fake.push_update(update)

        yield push
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    settings = bot_settings(fake, tmp_path, telegram_webhook_url=url, telegram_webhook_secret="s1")
    settings = settings.model_copy(update={"database_url": database_url})
    async with running(create_app(settings, clock=suite_clock()), port):

        async def post(update: dict[str, Any]) -> None:
            assert await fake.post_webhook(update) == 200

        yield post


async def menu_after_start(fake: FakeTelegram, deliver: Any) -> tuple[dict[str, Any], str]:
    """Start a conversation; the menu message and its first button's data."""
    before = len(fake.sent)
    await deliver(fake.command(USER, "start"))
    await settle(fake, before)
    menu = next(m for m in reversed(fake.sent) if m.get("reply_markup"))
    return menu, menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"]


def speed_up_retries() -> None:
    for frontend in LIVE:
        frontend.sender.retry_base = 0.05


async def test_a_server_error_on_a_reply_still_delivers_it_once(
    fake_telegram: FakeTelegram, deliver: Any
) -> None:
    fake = fake_telegram
    speed_up_retries()
    fake.inject("sendMessage", 502, times=2)
    await deliver(fake.command(USER, "start"))
    await wait_until(lambda: MENU in " ".join(fake.texts_to(USER)))
    await asyncio.sleep(0.3)
    texts = fake.texts_to(USER)
    assert [t for t in texts if t.startswith("Hello!")] == [HELLO]
    assert texts.index(HELLO) < len(texts) - 1 and MENU in texts[-1]


async def test_replies_arrive_in_the_order_of_the_updates(
    fake_telegram: FakeTelegram, deliver: Any
) -> None:
    fake = fake_telegram
    for update in (
        fake.command(USER, "start"),
        fake.command(USER, "warranty"),
        fake.command(USER, "help"),
    ):
        await deliver(update)
    await settle(fake, 0)
    alone = USER + 1  # the same commands one at a time, each answered before the next
    for command in ("start", "warranty", "help"):
        before = len(fake.sent)
        await deliver(fake.command(alone, command))
        await settle(fake, before)
    assert fake.texts_to(USER) == fake.texts_to(alone)


async def test_a_redelivered_update_and_a_double_tap_are_answered_once(
    fake_telegram: FakeTelegram, deliver: Any
) -> None:
    fake = fake_telegram
    start = fake.command(USER, "start")
    await deliver(dict(start))
    await settle(fake, 0)
    again = {**start, "update_id": fake.next_update_id()}  # Telegram may restart update ids
    await deliver(again)
    menu = next(m for m in reversed(fake.sent) if m.get("reply_markup"))
    data = next(
        b["callback_data"]
        for row in menu["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].endswith("warranty")
    )
    tap = fake.press_button(menu, data, user_id=USER)
    before = len(fake.sent)
    await deliver(tap)
    await deliver({**tap, "update_id": fake.next_update_id()})
    await settle(fake, before)
    await asyncio.sleep(0.3)
    texts = fake.texts_to(USER)
    assert texts.count(HELLO) == 1
    assert len(texts) == before + 1, texts  # one answer to the two taps


async def test_a_press_goes_on_when_its_answer_fails(
    fake_telegram: FakeTelegram, deliver: Any
) -> None:
    fake = fake_telegram
    menu, data = await menu_after_start(fake, deliver)
    tap = fake.press_button(menu, data, user_id=USER)
    fake.inject("answerCallbackQuery", 400)  # "query is too old" after downtime
    before = len(fake.sent)
    await deliver(tap)
    await settle(fake, before)
    assert len(fake.texts_to(USER)) > 2


async def test_blocking_stops_messages_and_unblocking_releases_them(
    fake_telegram: FakeTelegram, deliver: Any, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    await deliver(fake.command(USER, "start"))
    await settle(fake, 0)
    await deliver(fake.membership(USER, USER, "member", "kicked"))
    await wait_until(lambda: not any(f.busy for f in LIVE))
    await asyncio.sleep(0.3)
    async with seeded_db() as session:
        identity = await session.scalar(
            select(ChannelIdentity).where(ChannelIdentity.external_id == str(USER))
        )
        assert identity is not None and identity.blocked
        session.add(
            OutboxMessage(
                customer_id=identity.customer_id,
                channel=identity.channel,
                recipient=str(USER),
                kind="status",
                text="Your claim is ready.",
                payload={},
                status=OutboxStatus.BLOCKED,
            )
        )
        await session.commit()
    await deliver(fake.membership(USER, USER, "kicked", "member"))
    await wait_until(lambda: "Your claim is ready." in fake.texts_to(USER))


async def test_someone_elses_contact_is_refused(fake_telegram: FakeTelegram, deliver: Any) -> None:
    fake = fake_telegram
    await deliver(fake.contact(USER, "+79161234567", own=False))
    await settle(fake, 0)
    assert "someone else's contact" in fake.texts_to(USER)[0]


async def test_a_failed_download_asks_to_send_again(
    fake_telegram: FakeTelegram, deliver: Any
) -> None:
    fake = fake_telegram
    (photo,) = fake.photos(USER, 1)
    fake.inject("getFile", 502, times=5)
    await deliver(photo)
    await settle(fake, 0)
    assert "Please send it again" in fake.texts_to(USER)[0]


async def test_updates_without_a_chat_are_acknowledged_and_dropped(
    fake_telegram: FakeTelegram, deliver: Any, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    await deliver({"update_id": fake.next_update_id(), "message": {"text": "no chat"}})
    await deliver({"update_id": fake.next_update_id(), "poll": {"id": "1"}})
    await deliver(fake.command(USER, "start"))
    await settle(fake, 0)
    async with seeded_db() as session:
        stored = await session.scalar(select(func.count()).select_from(InboxUpdate))
    assert stored == 1 and fake.texts_to(USER)[0] == HELLO


async def test_a_hundred_chats_pressing_start_within_the_flood_limits(
    fake_telegram: FakeTelegram, start_bot: Any
) -> None:
    fake = fake_telegram
    fake.enforce_limits = True
    await start_bot()
    chats = range(8001, 8101)
    for chat in chats:
        fake.push_update(fake.command(chat, "start"))
    await wait_until(lambda: all(len(fake.texts_to(c)) == 2 for c in chats), limit=60)
    await asyncio.sleep(0.5)
    assert all(fake.texts_to(c) == [HELLO, fake.texts_to(c)[1]] for c in chats)
    assert fake.rate_limited <= len(fake.sent) // 100, fake.violation_log[:5]


async def test_an_old_button_gets_a_popup_and_the_chat_stays_as_it_is(
    fake_telegram: FakeTelegram, deliver: Any
) -> None:
    fake = fake_telegram
    old_menu, data = await menu_after_start(fake, deliver)
    await menu_after_start(fake, deliver)  # a new menu: the old one's buttons are stale
    sent, edits = len(fake.sent), len(fake.edits)
    await deliver(fake.press_button(old_menu, data, user_id=USER))
    await wait_until(lambda: any(a["text"] for a in fake.callback_answers))
    await asyncio.sleep(0.5)
    assert [a["text"] for a in fake.callback_answers] == ["This button is no longer active."]
    assert len(fake.sent) == sent and len(fake.edits) == edits
