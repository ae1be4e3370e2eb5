"""An album item that comes after its album was answered joins the same answer: the claim gets
every photo, the customer a short note with the new count, and no step answers it as its own."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.claims.models import Claim
from backend.db.session import SessionFactory
from tests.fakes.telegram_server import FakeTelegram
from tests.support.chat import png_bytes
from tests.support.telegram import button_data, last_with_button, settle

USER = 5301
NOTE = "📎 Added to the same answer: {} files in all."


async def say(fake: FakeTelegram, update: dict[str, Any]) -> list[str]:
    """Send `update`; the texts the bot answered it with."""
    before = len(fake.texts_to(USER))
    sent = len(fake.sent)
    fake.push_update(update)
    await settle(fake, sent)
    return fake.texts_to(USER)[before:]


async def press(fake: FakeTelegram, suffix: str) -> list[str]:
    message = last_with_button(fake, USER, suffix)
    return await say(fake, fake.press_button(message, button_data(message, suffix)))


async def test_late_album_items_join_the_claim_without_a_wrong_step_reply(
    fake_telegram: FakeTelegram, start_bot: Any, seeded_db: SessionFactory, tmp_path: Path
) -> None:
    fake = fake_telegram
    frontend = await start_bot()
    await say(fake, fake.command(USER, "claim"))
    await say(fake, fake.text_message(USER, "WM700-0001"))
    await press(fake, "cat:leak")
    album = fake.photos(USER, 4, data=png_bytes(3), caption="Water under the machine")
    for update in album[:2]:
        fake.push_update(update)
    await asyncio.sleep(frontend.inbox.album_quiet + 1.5)  # the third comes 1.5 s too late
    texts = await say(fake, album[2])
    assert texts == [NOTE.format(3)]
    assert any(t.startswith("Got it: 2 files.") for t in fake.texts_to(USER))
    assert "Which phone number" in (await press(fake, "media:done"))[0]
    assert await say(fake, album[3]) == [NOTE.format(4)]  # after Done: not taken as the phone
    answered = await say(fake, fake.contact(USER, "+79161234567"))
    assert "What would you like us to do?" in answered[0]
    await press(fake, "rem:repair")
    await press(fake, "confirm")
    async with seeded_db() as session:
        claim = await session.scalar(select(Claim).options(selectinload(Claim.attachments)))
    assert claim is not None and claim.description == "Water under the machine"
    assert len(claim.attachments) == 4
