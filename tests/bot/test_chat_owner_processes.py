"""Two `serve` processes behind one webhook address on one PostgreSQL database: whichever one
Telegram reaches, a chat's updates are answered in order by the one that owns the chat, an album
split between them is one answer, and a killed owner's chats are taken over without losing or
doubling anything."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.claims.models import Claim
from backend.db.session import SessionFactory
from tests.bot.test_bot_processes import calls, killed, serve
from tests.fakes.telegram_server import FakeTelegram
from tests.servers import free_port
from tests.support.chat import png_bytes
from tests.support.telegram import button_data, last_with_button, settle, wait_until

SECRET = "owner-Secret_1"
GOT_ONE = "Got it: 1 file. Send more or press Done."
PHONE = "Which phone number can we call you on?"
ASKED = [GOT_ONE, f"{PHONE} Share your contact or type the number.", "Or choose:"]
Post = Callable[[int, dict[str, Any]], Any]


@pytest.fixture
async def two_servers(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[list[asyncio.subprocess.Process], Post]]:
    """Two `serve` processes in webhook mode; `post(index, update)` hands one update to one."""
    if database_url.startswith("sqlite"):
        pytest.skip("a SQLite database serves one process")
    ports = [free_port(), free_port()]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": fake_telegram.token,
        "TELEGRAM_API_BASE": fake_telegram.base_url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{ports[0]}/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_LEASE_SECONDS": "2",
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "owner-tests-secret-key-0",
    }
    children = list(await asyncio.gather(*(serve(env, port, tmp_path) for port in ports)))
    async with aiohttp.ClientSession() as http:

        async def post(index: int, update: dict[str, Any]) -> None:
            url = f"http://127.0.0.1:{ports[index]}/telegram/webhook"
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with http.post(url, json=update, headers=headers) as answer:
                assert answer.status == 200

        try:
            yield children, post
        finally:
            for child in children:
                if child.returncode is None:
                    child.kill()
                await child.wait()


async def step(fake: FakeTelegram, post: Post, index: int, update: dict[str, Any]) -> None:
    """Post `update` to process `index` and wait for its answer (sent at most one a second
    after a burst of three)."""
    before = len(fake.sent)
    await post(index, update)
    await settle(fake, before, quiet=1.2)


async def to_the_media_step(fake: FakeTelegram, post: Post, user: int, via: list[int]) -> None:
    """Walk the claim wizard to its photo step, each update to the process `via` names."""
    await step(fake, post, via[0], fake.command(user, "claim"))
    await step(fake, post, via[1], fake.text_message(user, "WM700-0001"))
    await step(fake, post, via[2], press(fake, user, "cat:leak"))
    await step(fake, post, via[3], fake.text_message(user, "Water on the floor after washing"))


def press(fake: FakeTelegram, user: int, suffix: str) -> dict[str, Any]:
    message = last_with_button(fake, user, suffix)
    return fake.press_button(message, button_data(message, suffix))


def since(fake: FakeTelegram, user: int, count: int) -> list[str]:
    return fake.texts_to(user)[count:]


async def test_a_chat_is_answered_in_order_whichever_process_gets_its_updates(
    fake_telegram: FakeTelegram, two_servers: Any
) -> None:
    fake, (_, post) = fake_telegram, two_servers
    user = 22001
    await to_the_media_step(fake, post, user, via=[0, 1, 0, 1])
    shown = len(fake.texts_to(user))
    fake.delay("download", 1.0)  # the photo takes a while on the first process
    (photo,) = fake.photos(user, 1, data=png_bytes(3))
    skip = press(fake, user, "media:skip")
    await post(0, photo)
    await post(1, skip)  # acknowledged at once by the other process, answered after the photo
    await wait_until(lambda: len(since(fake, user, shown)) >= len(ASKED), limit=30)
    await asyncio.sleep(1.0)
    assert since(fake, user, shown) == ASKED  # not the phone first, then "that's no phone"
    assert calls(fake, "getFile") == 1


async def test_an_album_split_between_processes_is_one_answer(
    fake_telegram: FakeTelegram, two_servers: Any, seeded_db: SessionFactory
) -> None:
    fake, (_, post) = fake_telegram, two_servers
    user = 22002
    await to_the_media_step(fake, post, user, via=[1, 0, 1, 0])
    shown = len(fake.texts_to(user))
    for index, update in enumerate(fake.photos(user, 4, data=png_bytes(3))):
        await post(index % 2, update)
    await wait_until(lambda: len(since(fake, user, shown)) >= 1, limit=30)
    await asyncio.sleep(2.0)
    assert since(fake, user, shown) == ["Got it: 4 files. Send more or press Done."]
    await step(fake, post, 1, press(fake, user, "media:done"))
    await step(fake, post, 0, fake.contact(user, "+79161234567"))
    await step(fake, post, 1, press(fake, user, "rem:repair"))
    await step(fake, post, 0, press(fake, user, "confirm"))
    assert re.search(r"WR-2026-\d{6}", fake.texts_to(user)[-1])
    async with seeded_db() as session:
        claim = await session.scalar(select(Claim).options(selectinload(Claim.attachments)))
    assert claim is not None and len(claim.attachments) == 4


async def test_a_killed_owners_chats_are_taken_over_losing_and_doubling_nothing(
    fake_telegram: FakeTelegram, two_servers: Any
) -> None:
    fake, (children, post) = fake_telegram, two_servers
    user = 22003
    await to_the_media_step(fake, post, user, via=[0, 1, 0, 1])
    shown = len(fake.texts_to(user))
    fake.delay("download", 30)  # the owner dies in the middle of the photo
    (photo,) = fake.photos(user, 1, data=png_bytes(3))
    await post(0, photo)
    await wait_until(lambda: calls(fake, "getFile") == 1, limit=30)
    await post(1, press(fake, user, "media:skip"))  # handed to the owner, which never reads it
    await killed(children[0])
    fake.delay("download", 0)
    await wait_until(lambda: len(since(fake, user, shown)) >= len(ASKED), limit=30)
    await asyncio.sleep(2.5)  # anything doubled would come by now
    assert since(fake, user, shown) == ASKED
    assert calls(fake, "getFile") == 2  # the photo read again by the new owner, once
    await step(fake, post, 1, fake.contact(user, "+79161234567"))  # the survivor goes on
    assert any("What would you like us to do?" in t for t in since(fake, user, len(ASKED)))
