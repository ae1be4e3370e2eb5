"""A written claim answered in the console reaches the customer: a PDF document in Telegram
(through the fake Bot API) and a download link in the web chat, kept in its history."""

from __future__ import annotations

import asyncio
import io
import json
import re
from pathlib import Path

import httpx
import websockets
from pypdf import PdfReader

from backend.config import Settings
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.staff.models import Role
from backend.staff.service import add_staff
from backend.web.app import create_app
from tests.fakes.telegram_server import FakeTelegram
from tests.servers import running
from tests.support.clock import days, suite_clock
from tests.support.console import make_claim, page_csrf
from tests.support.telegram import bot_settings, wait_until

USER = 7001


async def _staff(base: str, sessions: SessionFactory) -> httpx.AsyncClient:
    async with sessions() as session:
        await add_staff(session, "clerk", Role.AGENT, "clerk-password-1", "Olga")
        await session.commit()
    client = httpx.AsyncClient(base_url=base)
    form = await client.get("/staff/login")
    await client.post(
        "/staff/login",
        data={"login": "clerk", "password": "clerk-password-1", "csrf": page_csrf(form.text)},
    )
    return client


async def register_and_answer(client: httpx.AsyncClient, claim_id: int) -> None:
    """Register a refund claim received 14 days ago (answer due in 10: 4 days late), answer it."""
    page = await client.get(f"/staff/claims/{claim_id}")
    form = {
        "csrf": page_csrf(page.text),
        "received_on": days(-14).isoformat(),
        "demand": "refund",
        "text": "I demand my money back.",
    }
    done = await client.post(f"/staff/claims/{claim_id}/written", data=form)
    assert done.status_code == 303
    page = await client.get(f"/staff/claims/{claim_id}")
    answer = re.search(r'action="(/staff/claims/\d+/written/\d+/answer)"', page.text)
    assert answer, page.text
    form = {"csrf": page_csrf(page.text), "decision": "granted", "text": ""}
    assert (await client.post(answer.group(1), data=form)).status_code == 303


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


async def test_the_answer_letter_reaches_telegram_as_a_document(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    fake = fake_telegram
    claim = await make_claim(
        seeded_db, user=str(USER), serial="WM700-0002", channel=Channel.TELEGRAM, locale="ru"
    )
    settings = bot_settings(fake, tmp_path).model_copy(update={"database_url": database_url})
    async with running(create_app(settings, clock=suite_clock())) as base:
        client = await _staff(base, seeded_db)
        await register_and_answer(client, claim.id)
        await wait_until(lambda: any(d["chat_id"] == USER for d in fake.documents))
        await client.aclose()
    [letter] = [d for d in fake.documents if d["chat_id"] == USER]
    assert letter["caption"] == f"Наш ответ на вашу претензию (заявка {claim.number})"
    text = _pdf_text(letter["data"])
    assert "Ваше требование удовлетворено." in text
    assert "пропущен на 4 дня" in text
    assert "п. 1 ст. 23 Закона РФ «О защите прав потребителей»" in text
    assert "1 759,60" in text.replace("\xa0", " ")  # 1% of 43,990 a day, 4 days


async def test_the_answer_letter_reaches_the_web_chat_as_a_link(
    seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=database_url, media_dir=tmp_path / "media", secret_key="letter-secret-key-00"
    )
    app = create_app(settings, clock=suite_clock())
    async with running(app) as base, httpx.AsyncClient(base_url=base) as browser:
        await browser.get("/")
        cookie = browser.cookies["wi_chat"]
        chat_id = app.state.warranty.identity.read(cookie)
        claim = await make_claim(seeded_db, user=chat_id, serial="WM700-0002", channel=Channel.WEB)
        url = base.replace("http", "ws") + "/chat/ws"
        async with websockets.connect(
            url, additional_headers={"Cookie": f"wi_chat={cookie}"}
        ) as ws:
            assert json.loads(await ws.recv())["type"] == "history"
            await ws.send(json.dumps({"type": "command", "name": "start", "id": "1"}))
            assert json.loads(await ws.recv())["type"] == "replies"
            client = await _staff(base, seeded_db)
            await register_and_answer(client, claim.id)
            await client.aclose()
            pushed = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert pushed["filename"] == f"{claim.number}-answer.pdf"
        assert pushed["text"] == f"Our answer to your written claim (claim {claim.number})"
        pdf = await browser.get(pushed["url"])
        assert pdf.status_code == 200
        assert "Your demand is granted." in _pdf_text(pdf.content)
        async with websockets.connect(
            url, additional_headers={"Cookie": f"wi_chat={cookie}"}
        ) as ws:
            history = json.loads(await ws.recv())["messages"]
        [kept] = [m for m in history if m.get("type") == "document"]
        assert kept["url"].startswith("/chat/files/")
        async with httpx.AsyncClient(base_url=base) as stranger:  # another chat's cookie
            await stranger.get("/")
            assert (await stranger.get(pushed["url"])).status_code != 200
