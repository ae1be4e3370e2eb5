"""Live web-chat connections of this process, and delivery of outbox messages to them.

Staff replies and status changes for web customers are written to the outbox like any other
message. The process that holds the customer's socket sends them and marks them sent; a message
for a customer who is away stays pending and is delivered when their page connects again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi import WebSocket
from sqlalchemy import select, update

from backend.clock import Clock
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.monitoring.metrics import record_delivery
from backend.notifications.models import OutboxMessage, OutboxStatus
from dialogs.store import load_conversation, record_history

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=30)


class ChatHub:
    """Open sockets by chat id; `deliver_pending` pushes due outbox messages to them."""

    def __init__(self, sessions: SessionFactory, clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock
        self._sockets: dict[str, set[WebSocket]] = defaultdict(set)
        self._wake = asyncio.Event()
        # (chat id, stored path) -> a link only that chat opens; set by the application.
        self.document_link: Callable[[str, str], str] | None = None

    def connect(self, chat_id: str, socket: WebSocket) -> None:
        """Register a socket and ask the worker to look for its pending messages."""
        self._sockets[chat_id].add(socket)
        self._wake.set()

    def disconnect(self, chat_id: str, socket: WebSocket) -> None:
        """Forget a closed socket."""
        self._sockets[chat_id].discard(socket)
        if not self._sockets[chat_id]:
            del self._sockets[chat_id]

    def wake(self) -> None:
        """Deliver soon (a staff reply was just written)."""
        self._wake.set()

    async def _send(self, chat_id: str, frame: dict[str, Any]) -> bool:
        sent = False
        for socket in list(self._sockets.get(chat_id, ())):
            try:
                await socket.send_json(frame)
                sent = True
            except Exception:  # a socket that died mid-send is dropped; others still count
                self.disconnect(chat_id, socket)
        return sent

    async def deliver_pending(self) -> int:
        """Send every due web message whose customer is connected here; return how many."""
        connected = list(self._sockets)
        if not connected:
            return 0
        async with self.sessions() as session:
            rows = list(
                await session.scalars(
                    select(OutboxMessage)
                    .where(
                        OutboxMessage.channel == Channel.WEB,
                        OutboxMessage.status == OutboxStatus.PENDING,
                        OutboxMessage.next_attempt_at <= self.clock.now(),
                        OutboxMessage.recipient.in_(connected),
                    )
                    .order_by(OutboxMessage.id)
                    .limit(200)
                )
            )
        delivered = 0
        for message in rows:
            delivered += await self._deliver_one(message)
        return delivered

    def _frames(self, message: OutboxMessage) -> tuple[dict[str, Any], dict[str, Any]]:
        """The frame sent to the page and the one kept in the history (a document's path
        instead of its signed link, which is made again for each page that reads it)."""
        frame: dict[str, Any] = {
            "type": "notification",
            "kind": message.kind,
            "text": message.text,
            "buttons": message.payload.get("buttons", []),
            "at": self.clock.now().isoformat(),
        }
        if message.payload.get("author"):  # the display name of the person who wrote it
            frame["author"] = message.payload["author"]
        path = message.payload.get("document")
        if not path or self.document_link is None:
            return frame, frame
        filename = message.payload.get("filename", "")  # a document staff sent
        stored = {**frame, "document": {"filename": filename, "path": path}}
        link = self.document_link(message.recipient, path)
        return {**frame, "document": {"filename": filename, "url": link}}, stored

    async def _deliver_one(self, message: OutboxMessage) -> int:
        async with self.sessions() as session:
            taken = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.PENDING)
                .values(
                    next_attempt_at=self.clock.now() + LEASE, attempts=OutboxMessage.attempts + 1
                )
            )
            await session.commit()
        if not getattr(taken, "rowcount", 0):
            return 0
        frame, stored = self._frames(message)
        if not await self._send(message.recipient, frame):
            record_delivery(Channel.WEB, "retry")  # the socket closed; sent on the next connect
            return 0
        record_delivery(Channel.WEB, "sent")
        now = self.clock.now()
        async with self.sessions() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id)
                .values(status=OutboxStatus.SENT, sent_at=now)
            )
            conversation = await load_conversation(session, "web", message.recipient)
            if conversation is not None:
                entry = [(conversation.id, "out", stored)]
                await record_history(await session.connection(), entry, now)
            await session.commit()
        return 1

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Deliver until `stop` is set, waking early when asked."""
        while not stop.is_set():
            try:
                await self.deliver_pending()
            except Exception:
                log.exception("web chat delivery failed; retrying")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), interval)
