"""The real bot through the fake Bot API server: a Russian claim, duplicates, the webhook."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.claims.models import Claim
from backend.claims.storage import verify
from backend.db.session import SessionFactory
from tests.fakes.telegram_server import FakeTelegram
from tests.support.chat import png_bytes
from tests.support.telegram import button_data, last_with_button, settle, wait_until

USER = 5001


async def press(fake: FakeTelegram, suffix: str, user: int = USER, lang: str = "ru") -> None:
    message = last_with_button(fake, user, suffix)
    before = len(fake.sent)
    fake.push_update(fake.press_button(message, button_data(message, suffix), language_code=lang))
    await settle(fake, before)


async def say(fake: FakeTelegram, update: dict, user: int = USER) -> None:
    before = len(fake.sent)
    fake.push_update(update)
    await settle(fake, before)


async def test_russian_claim_with_album_and_contact(
    fake_telegram: FakeTelegram, start_bot, seeded_db: SessionFactory, tmp_path: Path
) -> None:
    fake = fake_telegram
    frontend = await start_bot()
    private = "@all_private_chats"  # commands are offered in private chats only
    assert set(fake.commands) == {private, f"ru{private}", f"ko{private}"}
    names = {c["command"] for c in fake.commands[private]}
    assert names == {
        "start",
        "claim",
        "warranty",
        "status",
        "transport",
        "human",
        "language",
        "cancel",
        "help",
    }
    assert {c["description"] for c in fake.commands[f"ru{private}"]} >= {"Сообщить о неисправности"}
    assert all(c["description"] for lang in fake.commands.values() for c in lang)
    await say(fake, fake.command(USER, "start", language_code="ru"))
    assert any("Здравствуйте" in t for t in fake.texts_to(USER))
    await press(fake, "claim")
    await say(fake, fake.text_message(USER, "WM700-0001", language_code="ru"))
    await press(fake, "cat:leak")
    await say(fake, fake.text_message(USER, "Вода на полу после стирки", language_code="ru"))
    before = len(fake.sent)
    for update in fake.photos(USER, 2, data=png_bytes(3), language_code="ru"):
        fake.push_update(update)
    await settle(fake, before)
    assert "Принято 2 файла" in fake.texts_to(USER)[-1]
    assert fake.chat_actions and fake.chat_actions[-1]["action"] == "typing"
    await press(fake, "media:done")
    phone_prompt, nav = fake.sent[-2], fake.sent[-1]
    assert nav["reply_markup"]["inline_keyboard"]
    assert phone_prompt["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    await say(fake, fake.contact(USER, "+79161234567", language_code="ru"))
    await press(fake, "rem:repair")
    await press(fake, "confirm")
    number = re.search(r"WR-2026-\d{6}", fake.texts_to(USER)[-1])
    assert number and "заявка" in fake.texts_to(USER)[-1]
    assert fake.edits, "pressed buttons are folded into their message"
    assert all(answer for answer in fake.callback_answers)
    async with seeded_db() as session:
        claim = await session.scalar(select(Claim).options(selectinload(Claim.attachments)))
    assert claim is not None and claim.number == number.group(0)
    assert claim.channel.value == "telegram" and claim.locale == "ru"
    assert claim.contact_phone == "+79161234567" and len(claim.attachments) == 2
    for attachment in claim.attachments:
        assert verify(tmp_path / "media" / attachment.path, attachment.sha256)
    await frontend.stop()


async def test_redelivered_update_is_answered_once_even_after_a_restart(
    fake_telegram: FakeTelegram, start_bot
) -> None:
    fake = fake_telegram
    frontend = await start_bot()
    update = fake.command(USER, "start")
    await say(fake, dict(update))
    answered = len(fake.sent)
    fake.push_update(dict(update))
    await asyncio.sleep(0.5)
    assert len(fake.sent) == answered
    await frontend.stop()
    await start_bot()
    fake.push_update(dict(update))
    await asyncio.sleep(0.5)
    assert len(fake.sent) == answered


async def test_groups_get_one_short_message_when_added_or_addressed(
    fake_telegram: FakeTelegram, start_bot
) -> None:
    fake = fake_telegram
    await start_bot()
    group = -100
    fake.push_update(fake.in_group(group, USER, text="hello everyone"))
    fake.push_update(fake.in_group(group, USER, new_chat_title="Renamed"))
    fake.push_update(fake.membership(group, USER, "left", "member"))
    await wait_until(lambda: len(fake.texts_to(group)) == 1)
    fake.push_update(fake.in_group(group, USER, text="/start@warranty_test_bot"))
    fake.push_update(fake.in_group(group, USER, text="/start@other_bot"))
    await wait_until(lambda: len(fake.texts_to(group)) == 2)
    await asyncio.sleep(0.5)
    assert (
        fake.texts_to(group) == ["I only talk in private chats. Please write to me directly."] * 2
    )
    assert all(m["chat_id"] == group for m in fake.sent)


async def test_stickers_voice_and_big_files_get_clear_answers(
    fake_telegram: FakeTelegram, start_bot
) -> None:
    fake = fake_telegram
    await start_bot()
    await say(fake, fake.command(USER, "claim"))
    await say(fake, fake.sticker(USER))
    assert "sticker" in fake.texts_to(USER)[-2]
    await say(fake, fake.voice(USER))
    assert "voice" in fake.texts_to(USER)[-2]
    await say(fake, fake.document(USER, b"%PDF-1.4", file_size=25 * 1024 * 1024))
    assert "too large" in fake.texts_to(USER)[-2]
    await say(
        fake,
        fake.document(
            USER, b"MZ\x90\x00binary", file_name="virus.exe", mime_type="application/octet-stream"
        ),
    )
    assert "can't open this kind of file" in fake.texts_to(USER)[-2]


async def test_a_corrected_answer_and_a_photo_with_its_caption(
    fake_telegram: FakeTelegram, start_bot, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    await start_bot()
    await say(fake, fake.command(USER, "claim"))
    typo = fake.text_message(USER, "W7")
    await say(fake, typo)
    assert "Which model" not in fake.texts_to(USER)[-1]
    await say(fake, fake.edited(typo, "WM700-0001"))  # fixed in place: the answer to this step
    await press(fake, "cat:leak", lang="en")
    (photo,) = fake.photos(USER, 1, data=png_bytes(1), caption="Water under the machine")
    await say(fake, photo)
    assert "Got it: 1 file." in fake.texts_to(USER)[-1]
    await press(fake, "media:done", lang="en")
    shown = len(fake.sent)
    await say(fake, fake.contact(USER, "+79161234567"))
    assert fake.sent[shown]["reply_markup"] == {"remove_keyboard": True}  # the phone keyboard goes
    assert "What would you like us to do?" in fake.sent[shown]["text"]
    await press(fake, "rem:repair", lang="en")
    await press(fake, "confirm", lang="en")
    async with seeded_db() as session:
        claim = await session.scalar(select(Claim).options(selectinload(Claim.attachments)))
    assert claim is not None and claim.description == "Water under the machine"
    assert len(claim.attachments) == 1
