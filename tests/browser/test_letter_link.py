"""A letter staff send to a web-chat customer shows as a download link, live and after reload."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from backend.conversations.models import Conversation
from backend.customers.models import Channel
from backend.db.session import make_engine, make_session_factory
from backend.notifications.service import enqueue
from tests.browser.chat_page import ChatPage
from tests.support.browser import LiveServer, in_thread
from tests.support.clock import NOW

pytestmark = pytest.mark.browser

CAPTION = "Our answer to your written claim (claim WR-2026-000777)"


async def _send_letter(server: LiveServer) -> None:
    """Queue a PDF letter for the newest web-chat customer, as answering a written claim does."""
    folder = server.database.parent / "media" / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "WR-2026-000777-answer-test.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    engine = make_engine(f"sqlite+aiosqlite:///{server.database}")
    async with make_session_factory(engine)() as session:
        conversation = await session.scalar(
            select(Conversation)
            .where(Conversation.channel == Channel.WEB)
            .order_by(Conversation.id.desc())
            .limit(1)
        )
        assert conversation is not None and conversation.customer is not None
        payload = {"document": str(path.resolve()), "filename": "WR-2026-000777-answer.pdf"}
        await enqueue(
            session,
            conversation.customer,
            now=NOW,
            kind="written_answer",
            text=CAPTION,
            payload=payload,
            channel=Channel.WEB,
        )
        await session.commit()
    await engine.dispose()


def test_a_letter_arrives_as_a_link_and_stays_after_reload(
    new_page: Any, live_server: LiveServer, shot: Any
) -> None:
    page = new_page("/")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    page.locator("#status.online").wait_for()
    in_thread(_send_letter(live_server))
    link = page.locator("#messages a.document-name")
    link.wait_for()
    assert link.text_content() == "WR-2026-000777-answer.pdf"
    assert CAPTION in page.locator("#messages").text_content()
    href = link.get_attribute("href")
    assert href and href.startswith("/chat/files/")
    assert page.request.get(live_server.url + href).status == 200
    shot(page, "letter-link")
    page.reload()
    chat.wait_for_greeting()
    assert page.locator("#messages a.document-name").text_content() == "WR-2026-000777-answer.pdf"
    assert not page.errors
