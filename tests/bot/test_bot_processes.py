"""Real bot processes: killed with SIGKILL at the worst moments they lose and double nothing;
several on one PostgreSQL database share Telegram's global rate."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from backend.db.session import SessionFactory
from backend.notifications.models import InboxUpdate
from tests.bot.test_outbox_sender import max_in_window
from tests.fakes.telegram_server import FakeTelegram
from tests.servers import free_port
from tests.support.chat import png_bytes
from tests.support.telegram import wait_until

USER = 9001
MENU = "How can I help you?"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def bot_process(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[Callable[[], Any]]:
    """Starts `warranty-intake bot` as a child process (polling the fake Bot API)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": fake_telegram.token,
        "TELEGRAM_API_BASE": fake_telegram.base_url,
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "crash-tests-secret-key-0",
        "TELEGRAM_LEASE_SECONDS": "1",
    }
    children: list[asyncio.subprocess.Process] = []

    async def start() -> asyncio.subprocess.Process:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "backend",
            "bot",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        children.append(child)
        return child

    yield start
    for child in children:
        if child.returncode is None:
            child.kill()
        await child.wait()


def calls(fake: FakeTelegram, method: str) -> int:
    return sum(1 for name, _ in fake.calls if name == method)


async def killed(child: asyncio.subprocess.Process) -> None:
    child.kill()  # SIGKILL: no shutdown code runs
    await child.wait()


async def stored(sessions: SessionFactory) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxUpdate)) or 0)


async def quiet_texts(fake: FakeTelegram, count: int) -> list[str]:
    """Wait for `count` messages to the user, then a little longer for any extra."""
    await wait_until(lambda: len(fake.texts_to(USER)) >= count, limit=30)
    await asyncio.sleep(2.5)
    return fake.texts_to(USER)


async def test_killed_during_a_download(
    fake_telegram: FakeTelegram, bot_process: Any, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    child = await bot_process()
    fake.delay("download", 30)
    (photo,) = fake.photos(USER, 1)
    fake.push_update(photo)
    await wait_until(lambda: calls(fake, "getFile") == 1, limit=30)
    await killed(child)
    fake.delay("download", 0)
    await bot_process()
    texts = await quiet_texts(fake, 2)
    assert "can't open this kind of file" in texts[0]  # the photo's bytes were checked
    assert texts == [texts[0], MENU] and calls(fake, "getFile") == 2


async def test_killed_inside_the_album_window(
    fake_telegram: FakeTelegram, bot_process: Any, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    child = await bot_process()
    await wait_until(lambda: calls(fake, "getUpdates") > 0, limit=30)
    for update in fake.photos(USER, 3, data=png_bytes(3)):
        fake.push_update(update)
    deadline = asyncio.get_running_loop().time() + 30
    while await stored(seeded_db) < 3:
        assert asyncio.get_running_loop().time() < deadline, "the album was never stored"
        await asyncio.sleep(0.01)
    await killed(child)  # within 0.8 s of the last item: the album was not handled yet
    assert calls(fake, "getFile") == 0
    await bot_process()
    texts = await quiet_texts(fake, 1)
    assert calls(fake, "getFile") == 3  # every photo, after the restart
    assert len(texts) == len(set(texts)), texts  # one answer for the three of them


async def test_killed_between_the_commit_and_the_send(
    fake_telegram: FakeTelegram, bot_process: Any, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    fake.inject("sendMessage", 429, retry_after=5)  # the reply is committed, its send put off
    child = await bot_process()
    fake.push_update(fake.command(USER, "start"))
    await wait_until(lambda: fake.rate_limited == 1, limit=30)
    await killed(child)
    await bot_process()
    texts = await quiet_texts(fake, 2)
    assert texts == ["Hello! I'm the warranty assistant of Warranty Service.", MENU]


async def serve(env: dict[str, str], port: int, cwd: Path) -> asyncio.subprocess.Process:
    """`warranty-intake serve` in webhook mode on `port`, once it answers."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "backend",
        "serve",
        "--port",
        str(port),
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"http://127.0.0.1:{port}/readyz") as answer:
                    if answer.status == 200:
                        return child
            await asyncio.sleep(0.1)
    raise AssertionError("the server did not start")


async def test_two_serve_processes_share_the_global_rate(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("a SQLite database serves one process")
    fake = fake_telegram
    fake.enforce_limits = True
    ports = [free_port(), free_port()]
    secret = "shared-Secret_1"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE": fake.base_url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{ports[0]}/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": secret,
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "crash-tests-secret-key-0",
    }
    children = await asyncio.gather(*(serve(env, port, tmp_path) for port in ports))
    try:
        chats = range(21001, 21061)
        async with aiohttp.ClientSession() as http:
            for index, chat in enumerate(chats):  # every other chat to the other process
                url = f"http://127.0.0.1:{ports[index % 2]}/telegram/webhook"
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
                update = fake.command(chat, "start")
                async with http.post(url, json=update, headers=headers) as answer:
                    assert answer.status == 200
        await wait_until(lambda: all(len(fake.texts_to(c)) == 2 for c in chats), limit=60)
    finally:
        for child in children:
            child.kill()
            await child.wait()
    assert max_in_window([m["time"] for m in fake.sent]) <= 30
    assert fake.rate_limited == 0, fake.violation_log[:5]
