"""The fake Bot API server answers a real aiogram `Bot` the way Telegram does."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeDefault,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from aiohttp import web

from tests.fakes.telegram_server import FakeTelegram, aiogram_bot

KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="answer:yes")]]
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = aiogram_bot(fake)
    yield bot
    await bot.session.close()


async def test_get_me_and_send_message_with_keyboard(fake: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    first = await bot.send_message(42, "Hello", reply_markup=KEYBOARD)
    second = await bot.send_message(42, "Again")

    assert me.id == fake.bot_id and me.is_bot
    assert (first.message_id, second.message_id) == (1, 2)
    assert first.chat.id == 42 and first.chat.type == "private" and first.text == "Hello"
    assert first.reply_markup is not None
    assert first.reply_markup.inline_keyboard[0][0].callback_data == "answer:yes"
    assert fake.texts_to(42) == ["Hello", "Again"]
    assert fake.sent[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "answer:yes"}]]
    }
    assert fake.sent[0]["method"] == "sendMessage" and fake.sent[0]["parse_mode"] is None


async def test_get_updates_long_poll_and_offsets(fake: FakeTelegram, bot: Bot) -> None:
    first_id = fake.push_update(fake.text_message(7, "hi", language_code="ru"))
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first_id]
    assert updates[0].message is not None
    assert updates[0].message.from_user is not None
    assert updates[0].message.from_user.language_code == "ru"

    # Not confirmed yet: delivered again; confirmed with offset: gone.
    assert len(await bot.get_updates(timeout=0)) == 1
    assert await bot.get_updates(offset=first_id + 1, timeout=0) == []

    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(offset=first_id + 1, timeout=5))
    await asyncio.sleep(0.2)
    second_id = fake.push_update(fake.command(7, "start", "ref42"))
    updates = await poll
    assert time.monotonic() - started < 2
    assert [u.update_id for u in updates] == [second_id]
    assert updates[0].message is not None and updates[0].message.text == "/start ref42"


async def test_callback_edit_and_answer(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(5, "Pick one", reply_markup=KEYBOARD)
    update = fake.push_update(fake.press_button(fake.sent[0], "answer:yes"))
    [received] = await bot.get_updates(offset=update, timeout=0)
    query = received.callback_query
    assert query is not None and query.data == "answer:yes"

    assert await bot.answer_callback_query(query.id, text="Noted")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    await bot.edit_message_text(text="Picked", chat_id=5, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="Picked", chat_id=5, message_id=sent.message_id)
    await bot.edit_message_reply_markup(
        chat_id=5, message_id=sent.message_id, reply_markup=KEYBOARD
    )

    assert fake.callback_answers == [
        {"callback_query_id": query.id, "text": "Noted", "show_alert": False}
    ]
    assert [e["text"] for e in fake.edits] == ["Picked", None]
    markup = fake.message(5, sent.message_id)["reply_markup"]
    assert markup["inline_keyboard"][0][0]["text"] == "Yes"


async def test_injected_429_is_retry_after_and_5xx_is_server_error(
    fake: FakeTelegram, bot: Bot
) -> None:
    fake.inject("sendMessage", 429, times=1, retry_after=3)
    fake.inject("sendMessage", 502, times=2)
    with pytest.raises(TelegramRetryAfter) as retry:
        await bot.send_message(1, "a")
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(1, "a")
    await bot.send_message(1, "a")

    assert retry.value.retry_after == 3
    assert fake.texts_to(1) == ["a"]


async def test_blocked_chat_answers_403(fake: FakeTelegram, bot: Bot) -> None:
    fake.block_chat(99)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(99, "hello")
    assert fake.sent == []


async def test_rate_limits_are_enforced_and_counted(fake: FakeTelegram, bot: Bot) -> None:
    fake.enforce_limits = True
    for text in ("one", "two", "three"):  # a short burst in one chat is fine
        await bot.send_message(1, text)
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(1, "too soon")
    for chat in range(2, 29):
        await bot.send_message(chat, "burst")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(31, "31st in a second")

    assert [reason for reason, _chat, _at in fake.violation_log] == ["chat", "global"]
    assert fake.violations == 2 and len(fake.sent) == 30


async def test_upload_download_and_file_limits(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_document(3, BufferedInputFile(b"%PDF-1.4 report", "report.pdf"))
    assert sent.document is not None
    assert fake.documents[0]["data"] == b"%PDF-1.4 report"
    photo = await bot.send_photo(3, BufferedInputFile(b"\xff\xd8jpeg", "p.jpg"), caption="look")
    assert photo.photo is not None and photo.caption == "look"

    update = fake.document(3, b"receipt bytes", file_name="receipt.pdf")
    file = await bot.get_file(update["message"]["document"]["file_id"])
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == b"receipt bytes"

    uploaded = await bot.get_file(sent.document.file_id)
    assert uploaded.file_size == len(b"%PDF-1.4 report")

    big = fake.add_file("big", b"x", file_size=25 * 1024 * 1024)
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big)


async def test_update_builders_cover_the_message_kinds(fake: FakeTelegram, bot: Bot) -> None:
    for update in [
        fake.contact(8, "+491701234567"),
        *fake.photos(8, 3, caption="broken hinge"),
        fake.sticker(8),
        fake.voice(8),
        fake.document(8, b"pdf"),
    ]:
        fake.push_update(update)
    updates = await bot.get_updates(timeout=0)
    messages = [u.message for u in updates if u.message is not None]
    assert len(messages) == 7
    assert messages[0].contact is not None and messages[0].contact.user_id == 8
    album = {m.media_group_id for m in messages[1:4]}
    assert len(album) == 1 and None not in album
    assert messages[1].caption == "broken hinge" and messages[2].caption is None
    assert messages[4].sticker is not None and messages[5].voice is not None
    assert messages[6].document is not None
    assert messages[1].photo is not None
    photo = await bot.get_file(messages[1].photo[-1].file_id)
    downloaded = await bot.download_file(photo.file_path or "")
    assert downloaded is not None and downloaded.read() == b"\xff\xd8fake-jpeg"


async def test_commands_webhook_and_chat_action(fake: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    await bot.set_my_commands(
        [BotCommand(command="start", description="Начать")],
        scope=BotCommandScopeDefault(),
        language_code="ru",
    )
    assert [c.description for c in await bot.get_my_commands(language_code="ru")] == ["Начать"]
    assert fake.commands[""] == [{"command": "start", "description": "Start"}]
    assert await bot.send_chat_action(4, "typing")
    assert fake.chat_actions == [{"chat_id": 4, "action": "typing"}]

    received: list[tuple[str | None, int]] = []

    async def webhook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), 0))
        body = await request.json()
        received[-1] = (received[-1][0], body["update_id"])
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/hook", webhook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Exception, match="webhook is active"):
            await bot.get_updates(timeout=0)
        update = fake.text_message(11, "hello")
        assert await fake.post_webhook(update) == 200
        assert await fake.post_webhook(update, secret="wrong") == 200
        assert received == [("s3cret", update["update_id"]), ("wrong", update["update_id"])]
        await bot.delete_webhook()
        assert fake.webhook_url is None
    finally:
        await runner.cleanup()


async def test_raw_json_requests_and_error_envelopes(fake: FakeTelegram) -> None:
    api = f"{fake.base_url}/bot{fake.token}"
    fake.inject("sendMessage", 429, retry_after=2)
    async with aiohttp.ClientSession() as client:
        async with client.post(f"{api}/sendMessage", json={"chat_id": 9, "text": "x"}) as limited:
            assert limited.status == 429
            assert await limited.json() == {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 2",
                "parameters": {"retry_after": 2},
            }
        async with client.post(f"{api}/sendMessage", json={"chat_id": 9, "text": "x"}) as ok:
            body = await ok.json()
            assert body["ok"] is True and body["result"]["chat"]["id"] == 9
        async with client.get(f"{fake.base_url}/bot1:wrong/getMe") as unauthorized:
            assert unauthorized.status == 401
            assert (await unauthorized.json())["description"] == "Unauthorized"
        async with client.post(f"{api}/noSuchMethod") as missing:
            assert missing.status == 404
