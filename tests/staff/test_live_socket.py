"""The console's live socket: only for signed-in staff from the console's own origin; it
forwards a change committed by any session as a notice naming the topic and the row."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import httpx
import pytest
import websockets

from backend.config import Settings
from backend.db.notify import publish
from backend.db.session import SessionFactory
from backend.web.app import create_app
from tests.servers import running
from tests.support.clock import suite_clock
from tests.support.console import make_staff


async def staff_cookie(base: str) -> str:
    async with httpx.AsyncClient(base_url=base) as client:
        form = await client.get("/staff/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert token
        await client.post(
            "/staff/login",
            data={"login": "watcher", "password": "watcher-password-1", "csrf": token.group(1)},
        )
        return client.cookies["wi_staff"]


async def next_notice(socket: websockets.ClientConnection) -> list[dict[str, str]]:
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), 20))
        real = [c for c in frame["changes"] if c["topic"] != "*"]
        if real:
            return real


async def test_only_staff_get_notices_and_they_name_the_changed_row(
    staff_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    await make_staff(staff_db, "watcher")
    settings = Settings(
        database_url=database_url, media_dir=tmp_path / "media", secret_key="live-socket-secret-0"
    )
    async with running(create_app(settings, clock=suite_clock())) as base:
        url = base.replace("http", "ws") + "/staff/live"
        with pytest.raises(websockets.InvalidStatus):
            async with websockets.connect(url) as socket:
                await socket.recv()
        cookie = await staff_cookie(base)
        with pytest.raises((websockets.InvalidStatus, websockets.ConnectionClosed)):
            async with websockets.connect(
                url, additional_headers={"Cookie": f"wi_staff={cookie}"}, origin="http://evil.test"
            ) as socket:
                await socket.recv()
        async with websockets.connect(
            url, additional_headers={"Cookie": f"wi_staff={cookie}"}
        ) as socket:
            await asyncio.sleep(0.3)  # the page's socket is open before the change happens
            async with staff_db() as session:
                await publish(session, "escalation", 41)
                await session.commit()
            assert await next_notice(socket) == [{"topic": "escalation", "key": "41"}]
