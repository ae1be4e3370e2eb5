"""The live server and the browser the browser tests drive."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend.conversations.models import Conversation
from backend.customers.models import Channel
from backend.db.session import make_engine, make_session_factory
from backend.notifications.service import enqueue
from tests.support.clock import NOW

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def browser_path() -> str:
    return os.environ.get("BROWSER_PATH", "/usr/bin/chromium")


def unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@dataclass
class LiveServer:
    """The running application: its address and the SQLite file behind it."""

    url: str
    database: Path
    other_site: str = ""  # another loopback origin, allowed to embed the chat widget

    def claims(self) -> list[dict[str, Any]]:
        """Every stored claim with its attachment count, read straight from the database."""
        with sqlite3.connect(self.database) as connection:
            connection.row_factory = sqlite3.Row
            rows = connection.execute(
                "SELECT c.number, c.serial, c.defect_category, c.requested_remedy,"
                " c.contact_phone, c.description, c.locale,"
                " (SELECT count(*) FROM attachment a WHERE a.claim_id = c.id) AS attachments"
                " FROM claim c ORDER BY c.id"
            ).fetchall()
        return [dict(row) for row in rows]

    def notify_latest_web_customer(self, text: str, buttons: list[list[dict[str, str]]]) -> None:
        """Queue a staff message for the newest web-chat customer, as the console does."""
        in_thread(_notify(f"sqlite+aiosqlite:///{self.database}", text, buttons))


def in_thread(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run `coroutine` to the end; Playwright's sync API keeps a loop running in this thread."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


async def _notify(url: str, text: str, buttons: list[list[dict[str, str]]]) -> None:
    engine = make_engine(url)
    async with make_session_factory(engine)() as session:
        conversation = await session.scalar(
            select(Conversation)
            .where(Conversation.channel == Channel.WEB)
            .order_by(Conversation.id.desc())
            .limit(1)
        )
        assert conversation is not None and conversation.customer is not None
        await enqueue(
            session,
            conversation.customer,
            now=NOW,
            kind="staff_reply",
            text=text,
            payload={"buttons": buttons},
            channel=Channel.WEB,
        )
        await session.commit()
    await engine.dispose()
