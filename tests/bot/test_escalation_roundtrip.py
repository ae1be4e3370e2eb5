"""Escalations end to end: a Telegram customer and a web customer talk to a person."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import httpx
import websockets
from sqlalchemy import select

from backend.db.session import SessionFactory
from backend.escalations.models import Escalation, EscalationStatus
from backend.staff.models import Role
from backend.staff.service import add_staff
from backend.web.app import create_app
from tests.bot.conftest import bot_settings, settle, wait_until
from tests.fakes.telegram_server import FakeTelegram
from tests.servers import running
from tests.support.clock import suite_clock

USER = 7001


async def staff_client(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base)
    form = await client.get("/staff/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token
    await client.post(
        "/staff/login",
        data={"login": "helper", "password": "helper-password-1", "csrf": token.group(1)},
    )
    return client


async def reply_as_staff(client: httpx.AsyncClient, escalation_id: int, text: str) -> None:
    page = await client.get(f"/staff/escalations/{escalation_id}")
    assert page.status_code == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    await client.post(
        f"/staff/escalations/{escalation_id}/reply", data={"csrf": csrf.group(1), "text": text}
    )


async def close_as_staff(client: httpx.AsyncClient, escalation_id: int) -> None:
    page = await client.get(f"/staff/escalations/{escalation_id}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    await client.post(f"/staff/escalations/{escalation_id}/close", data={"csrf": csrf.group(1)})


async def open_escalation_id(sessions: SessionFactory) -> int:
    async with sessions() as session:
        escalation = await session.scalar(
            select(Escalation).where(Escalation.status == EscalationStatus.OPEN)
        )
    assert escalation is not None
    return escalation.id


async def test_telegram_customer_and_staff(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    fake = fake_telegram
    async with seeded_db() as session:
        await add_staff(session, "helper", Role.AGENT, "helper-password-1", "Anna")
        await session.commit()
    settings = bot_settings(fake, tmp_path).model_copy(update={"database_url": database_url})
    async with running(create_app(settings, clock=suite_clock())) as base:
        before = len(fake.sent)
        fake.push_update(fake.command(USER, "human"))
        await settle(fake, before)
        assert "A person will answer" in fake.texts_to(USER)[-1]
        fake.push_update(fake.text_message(USER, "The door won't open after washing"))
        await asyncio.sleep(0.5)
        escalation_id = await open_escalation_id(seeded_db)
        client = await staff_client(base)
        page = await client.get(f"/staff/escalations/{escalation_id}")
        assert "The door won&#39;t open after washing" in page.text
        await reply_as_staff(client, escalation_id, "Please unplug it for 5 minutes and retry.")
        signed = "Anna, service team:\nPlease unplug it for 5 minutes and retry."
        await wait_until(lambda: signed in fake.texts_to(USER))
        await close_as_staff(client, escalation_id)
        await wait_until(lambda: "finished the conversation" in fake.texts_to(USER)[-1])
        before = len(fake.sent)
        fake.push_update(fake.command(USER, "start"))
        await settle(fake, before)
        assert "How can I help you?" in fake.texts_to(USER)[-1]
        await client.aclose()


async def test_web_customer_sees_the_staff_reply_live(
    seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    from backend.config import Settings

    async with seeded_db() as session:
        await add_staff(session, "helper", Role.AGENT, "helper-password-1")
        await session.commit()
    settings = Settings(
        database_url=database_url, media_dir=tmp_path / "media", secret_key="roundtrip-secret-key-0"
    )
    async with running(create_app(settings, clock=suite_clock())) as base:
        async with httpx.AsyncClient(base_url=base) as browser:
            await browser.get("/")
            cookie = browser.cookies["wi_chat"]
        url = base.replace("http", "ws") + "/chat/ws"
        async with websockets.connect(
            url, additional_headers={"Cookie": f"wi_chat={cookie}"}
        ) as ws:
            assert json.loads(await ws.recv())["type"] == "history"
            await ws.send(json.dumps({"type": "command", "name": "human", "id": "1"}))
            assert "A person will answer" in json.loads(await ws.recv())["replies"][0]["text"]
            await ws.send(json.dumps({"type": "text", "text": "Is anyone there?", "id": "2"}))
            assert json.loads(await ws.recv())["replies"] == []
            escalation_id = await open_escalation_id(seeded_db)
            client = await staff_client(base)
            await reply_as_staff(client, escalation_id, "Yes, I'm here to help.")
            pushed = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert pushed["type"] == "notification"
            assert pushed["text"] == "helper, service team:\nYes, I'm here to help."
            await close_as_staff(client, escalation_id)
            closed = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert "finished the conversation" in closed["text"]
            await client.aclose()
        # A reload shows the staff reply in the history.
        async with websockets.connect(
            url, additional_headers={"Cookie": f"wi_chat={cookie}"}
        ) as ws:
            history = json.loads(await ws.recv())
            texts = [m.get("text") for m in history["messages"]]
            assert "helper, service team:\nYes, I'm here to help." in texts
