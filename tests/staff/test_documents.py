"""The claim's documents in the console: offered by stage, filled by staff, sent to the customer."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pypdf import PdfReader
from sqlalchemy import select

from backend.claims.models import ClaimEvent
from backend.config import Settings
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.notifications.models import OutboxMessage
from backend.transport.models import BookingKind, PickupSlot, TransportBooking
from backend.web.app import create_app
from backend.web.identity import COOKIE
from backend.web.state import app_state
from bot.outbox_sender import TelegramOutboxSender
from tests.fakes.telegram_server import FakeTelegram, aiogram_bot
from tests.support.clock import TODAY, suite_clock
from tests.support.console import client_for, make_claim, make_staff, page_csrf, sign_in
from tests.support.parts import part_requests, part_step
from tests.support.telegram import wait_until

OWNER = "web-owner-chat-id"
SERVICE_ADDRESS = "Moscow, Servisnaya st. 5, workshop"
# The console's way through a repair that was disputed: every stage that makes a document.
REPAIR_PATH: list[dict[str, str]] = [
    {"action": "accept"},
    {"action": "start_diagnosis"},
    {"action": "record_diagnosis", "diagnosis": "manufacturing_defect", "notes": "Pump seal torn"},
    {"action": "send_to_examination"},
    {"action": "examination_done"},
    {"action": "decide", "decision": "repair"},
    {"action": "request_parts", "part": "Drain pump", "quantity": "1"},
    {"action": "parts_arrived"},
    {"action": "mark_ready", "notes": "Drain pump replaced, leak test passed"},
]


@pytest.fixture
async def documents_console(
    staff_db: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[FastAPI, SessionFactory]]:
    settings = Settings(
        database_url=database_url,
        media_dir=tmp_path / "media",
        secret_key="documents-tests-secret-key",
        service_address=SERVICE_ADDRESS,
    )
    app = create_app(settings, clock=suite_clock())
    async with app.router.lifespan_context(app):
        yield app, staff_db


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).replace("\x00", "").split())


async def book_pickup(sessions: SessionFactory, claim_id: int) -> None:
    async with sessions() as session:
        slot = PickupSlot(day=TODAY, window="09:00-13:00", capacity=5, booked=1)
        session.add(slot)
        await session.flush()
        session.add(
            TransportBooking(
                reference="TB-DOC-1",
                claim_id=claim_id,
                kind=BookingKind.PICKUP,
                slot_id=slot.id,
                address="Lenina st. 1, flat 2",
                loaner_requested=True,
            )
        )
        await session.commit()


async def act(client: httpx.AsyncClient, claim_id: int, form: dict[str, str]) -> None:
    page = await client.get(f"/staff/claims/{claim_id}")
    answer = await client.post(
        f"/staff/claims/{claim_id}/action", data={"csrf": page_csrf(page.text), **form}
    )
    assert "error" not in answer.headers["location"], (form, answer.headers["location"])


async def save_paperwork(client: httpx.AsyncClient, claim_id: int, **fields: str) -> httpx.Response:
    page = await client.get(f"/staff/claims/{claim_id}")
    form = {"csrf": page_csrf(page.text), "packages": "1", **fields}
    return await client.post(f"/staff/claims/{claim_id}/paperwork", data=form)


def offered(page: str, claim_id: int) -> list[str]:
    kinds = ("act", "waybill", "condition", "examination", "completion")
    return [kind for kind in kinds if f'href="/staff/claims/{claim_id}/{kind}"' in page]


async def test_each_stage_offers_its_documents_as_page_and_pdf(documents_console) -> None:
    app, sessions = documents_console
    claim = await make_claim(sessions, serial="WM700-0001", locale="ru")
    await make_staff(sessions, "dora")
    async with client_for(app) as client:
        await sign_in(client, "dora", "dora-password-1")
        page = await client.get(f"/staff/claims/{claim.id}")
        assert offered(page.text, claim.id) == ["act"]
        await book_pickup(sessions, claim.id)
        saved = await save_paperwork(
            client,
            claim.id,
            completeness="Machine, hose, manual",
            condition="Scratch on the lid",
            agreed_repair_days="30",
            packages="2",
            examination_place="Expert lab, Tverskaya 7",
            examination_on=TODAY.isoformat(),
            examination_time="11:00",
        )
        assert "error" not in saved.headers["location"]
        for form in REPAIR_PATH:
            if form["action"] == "parts_arrived":  # the pump comes off the shelf and is fitted
                (request,) = await part_requests(sessions, claim.id)
                for state in ("received", "fitted"):
                    stepped = await part_step(client, claim.id, request.id, state)
                    assert "error" not in stepped.headers["location"], state
            await act(client, claim.id, form)
        page = await client.get(f"/staff/claims/{claim.id}")
        assert offered(page.text, claim.id) == [
            *("act", "waybill", "condition", "examination", "completion")
        ]
        assert "Details for the documents saved" in page.text
        texts = {}
        for kind in offered(page.text, claim.id):
            html = await client.get(f"/staff/claims/{claim.id}/{kind}")
            assert html.status_code == 200 and claim.number in html.text, kind
            pdf = await client.get(f"/staff/claims/{claim.id}/{kind}.pdf")
            assert pdf.headers["content-type"] == "application/pdf", kind
            texts[kind] = pdf_text(pdf.content)
        english = await client.get(f"/staff/claims/{claim.id}/waybill?language=en")
    # the customer's language by default, English when staff chose it
    assert "Транспортная накладная" in texts["waybill"] and "Transport waybill" in english.text
    assert "65 кг" in texts["waybill"] and SERVICE_ADDRESS in texts["waybill"]
    assert "Lenina st. 1, flat 2" in texts["waybill"] and "запрошен" in texts["waybill"]
    assert "Machine, hose, manual" in texts["act"] and "30 дней, до" in texts["act"]
    assert "Pump seal torn" in texts["condition"] and "dora" in texts["condition"]
    assert "Expert lab, Tverskaya 7" in texts["examination"] and "11:00" in texts["examination"]
    assert "п. 5 ст. 18" in texts["examination"]
    assert "Drain pump replaced" in texts["completion"]
    assert "Установленные детали Запчасть Количество Drain pump 1" in texts["completion"]


async def test_a_repair_term_beyond_the_statutory_cap_is_refused(documents_console) -> None:
    app, sessions = documents_console
    claim = await make_claim(sessions, serial="WM700-0001")
    await make_staff(sessions, "eli")
    async with client_for(app) as client:
        await sign_in(client, "eli", "eli-password-1")
        refused = await save_paperwork(client, claim.id, agreed_repair_days="46")
        broken = await save_paperwork(client, claim.id, examination_on="31.12.2026")
        page = await client.get(refused.headers["location"])
    assert refused.headers["location"].endswith("error=term_too_long")
    assert broken.headers["location"].endswith("error=paperwork_invalid")
    assert "The agreed repair term is longer than the law allows." in page.text
    async with sessions() as session:
        events = await session.scalars(
            select(ClaimEvent.action).where(ClaimEvent.claim_id == claim.id)
        )
        assert "paperwork" not in list(events)


async def test_a_sent_document_reaches_the_customer_on_telegram(documents_console) -> None:
    app, sessions = documents_console
    claim = await make_claim(sessions, user="7001", serial="WM700-0001", locale="ko")
    await make_staff(sessions, "fay")
    async with client_for(app) as client:
        await sign_in(client, "fay", "fay-password-1")
        page = await client.get(f"/staff/claims/{claim.id}/act")
        sent = await client.post(
            f"/staff/claims/{claim.id}/documents/act/send",
            data={"csrf": page_csrf(page.text), "language": "ko"},
        )
        claim_page = await client.get(f"/staff/claims/{claim.id}")
    assert sent.headers["location"].endswith("#documents")
    assert "Document sent to the customer" in claim_page.text
    async with FakeTelegram() as fake:
        bot = aiogram_bot(fake)
        try:
            assert await TelegramOutboxSender(sessions, bot).drain(timeout=20) >= 1
        finally:
            await bot.session.close()
    (document,) = fake.documents
    assert document["chat_id"] == 7001
    assert document["caption"] == f"제품 인수 확인서 (번호 {claim.number})"
    assert "제품 인수 확인서" in pdf_text(document["data"])


class RecordingSocket:
    """Stands in for a browser's socket: keeps the frames the hub sends."""

    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []

    async def send_json(self, frame: dict[str, Any]) -> None:
        self.frames.append(frame)


async def test_a_sent_document_opens_in_the_web_chat_only_for_its_owner(
    documents_console,
) -> None:
    app, sessions = documents_console
    claim = await make_claim(sessions, user=OWNER, channel=Channel.WEB, locale="en")
    await make_staff(sessions, "gus")
    state = app_state(app)
    socket = RecordingSocket()
    state.hub.connect(OWNER, socket)  # type: ignore[arg-type]
    async with client_for(app) as client:
        await sign_in(client, "gus", "gus-password-1")
        page = await client.get(f"/staff/claims/{claim.id}/waybill")
        await client.post(
            f"/staff/claims/{claim.id}/documents/waybill/send",
            data={"csrf": page_csrf(page.text), "language": "en"},
        )
    async with sessions() as session:
        (row,) = await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.claim_id == claim.id, OutboxMessage.kind == "document"
            )
        )
    assert row.channel is Channel.WEB and row.text == f"Transport waybill No. {claim.number}"
    await wait_until(lambda: any(f.get("url") for f in socket.frames))  # the hub's worker
    (frame,) = [f for f in socket.frames if f.get("url")]
    url = frame["url"]
    assert frame["filename"] == f"{claim.number}-waybill.pdf"
    async with client_for(app) as owner, client_for(app) as stranger:
        owner.cookies.set(COOKIE, state.identity.sign(OWNER))
        stranger.cookies.set(COOKIE, state.identity.sign("someone-else-entirely"))
        mine = await owner.get(url)
        theirs = await stranger.get(url)
    assert mine.status_code == 200 and "Transport waybill" in pdf_text(mine.content)
    assert theirs.status_code in (403, 404)
