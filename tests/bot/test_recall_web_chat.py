"""A recall notice reaches an owner who wrote through the web chat: over the page's socket, in
the owner's language, kept in the chat's history, and its buttons answered there."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import websockets
from sqlalchemy import select

from backend.catalog.models import Product
from backend.config import Settings
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.recalls.owners import Selection
from backend.recalls.service import create_campaign, progress, send_campaign
from backend.web.app import create_app
from tests.servers import running
from tests.support.clock import NOW, suite_clock
from tests.support.console import make_claim

NOTICE = {
    "en": "Recall: the door lock of your WM-700 may fail. We repair it free of charge.",
    "ru": "Отзыв: замок дверцы вашей WM-700 может отказать. Мы бесплатно его отремонтируем.",
    "ko": "리콜: WM-700의 도어 잠금장치가 고장 날 수 있습니다. 무상으로 수리해 드립니다.",
}
SERIAL = "WM700-0002"


async def _send_recall(sessions: SessionFactory) -> int:
    async with sessions() as session:
        product_id = await session.scalar(select(Product.id).where(Product.model_code == "WM-700"))
        assert product_id is not None
        selection = Selection((product_id,), serial_from=SERIAL, serial_to=SERIAL)
        campaign = await create_campaign(session, "Door lock", selection, NOTICE, None, NOW)
        assert await send_campaign(session, campaign, NOW) == 1
        await session.commit()
        return campaign.id


async def _frame(ws: Any) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
    return frame


async def test_a_web_chat_owner_gets_the_notice_in_their_language(
    seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=database_url, media_dir=tmp_path / "media", secret_key="recall-secret-key-0"
    )
    app = create_app(settings, clock=suite_clock())
    async with running(app) as base, httpx.AsyncClient(base_url=base) as browser:
        await browser.get("/?lang=ru")
        cookie = browser.cookies["wi_chat"]
        chat_id = app.state.warranty.identity.read(cookie)
        url = base.replace("http", "ws") + "/chat/ws?lang=ru"
        headers = {"Cookie": f"wi_chat={cookie}"}
        async with websockets.connect(url, additional_headers=headers) as ws:
            assert (await _frame(ws))["type"] == "history"
            await ws.send(json.dumps({"type": "command", "name": "start", "id": "1"}))
            assert (await _frame(ws))["type"] == "replies"
            # The customer's earlier claim about the unit now recalled.
            await make_claim(
                seeded_db, user=chat_id, serial=SERIAL, channel=Channel.WEB, locale="ru"
            )
            campaign_id = await _send_recall(seeded_db)
            notice = await _frame(ws)
        assert (notice["type"], notice["kind"]) == ("notification", "recall")
        assert notice["text"] == NOTICE["ru"]
        labels = [row[0]["label"] for row in notice["buttons"]]
        assert labels == ["🚚 Передать товар в сервис", "🛠 Записаться на визит", "Не сейчас"]
        later = notice["buttons"][2][0]["payload"]
        assert later == f"g.recall.{campaign_id}.later"

        async with websockets.connect(url, additional_headers=headers) as ws:
            history = (await _frame(ws))["messages"]
            kept = [m for m in history if m.get("kind") == "recall"]
            assert [m["text"] for m in kept] == [NOTICE["ru"]]
            assert kept[0]["buttons"] == notice["buttons"]
            await ws.send(json.dumps({"type": "choice", "payload": later, "id": "2"}))
            answered = await _frame(ws)
        assert [r["text"] for r in answered["replies"]] == [
            "Хорошо. Ответить на уведомление об отзыве можно в любое время."
        ]
    async with seeded_db() as session:
        done = await progress(session, campaign_id)
    assert (done.owners, done.sent, done.queued, done.answered) == (1, 1, 0, 1)


async def test_a_notice_sent_while_the_page_was_closed_arrives_when_it_opens(
    seeded_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=database_url, media_dir=tmp_path / "media", secret_key="recall-secret-key-0"
    )
    app = create_app(settings, clock=suite_clock())
    async with running(app) as base, httpx.AsyncClient(base_url=base) as browser:
        await browser.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9"})
        cookie = browser.cookies["wi_chat"]
        chat_id = app.state.warranty.identity.read(cookie)
        url = base.replace("http", "ws") + "/chat/ws"
        headers = {"Cookie": f"wi_chat={cookie}", "Accept-Language": "ko-KR,ko;q=0.9"}
        async with websockets.connect(url, additional_headers=headers) as ws:
            assert (await _frame(ws))["type"] == "history"
            await ws.send(json.dumps({"type": "command", "name": "start", "id": "1"}))
            assert (await _frame(ws))["type"] == "replies"
        await make_claim(seeded_db, user=chat_id, serial=SERIAL, channel=Channel.WEB, locale="ko")
        campaign_id = await _send_recall(seeded_db)
        await asyncio.sleep(1.5)  # the sender looks meanwhile: nobody to deliver to
        async with websockets.connect(url, additional_headers=headers) as ws:
            assert NOTICE["ko"] not in json.dumps((await _frame(ws))["messages"])
            notice = await _frame(ws)
        assert (notice["kind"], notice["text"]) == ("recall", NOTICE["ko"])
        assert notice["buttons"][2][0]["label"] == "나중에"
        async with websockets.connect(url, additional_headers=headers) as ws:
            history = (await _frame(ws))["messages"]
        assert [m["text"] for m in history if m.get("kind") == "recall"] == [NOTICE["ko"]]
    async with seeded_db() as session:
        done = await progress(session, campaign_id)
    assert (done.sent, done.queued) == (1, 0)
