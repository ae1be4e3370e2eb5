"""Live web-chat connections of this process: the web channel's transport for the outbox sender.

Staff replies and status changes for web customers are written to the outbox like any other
message and delivered by the same sender as Telegram's (`backend.delivery.sender`: leases,
attempts, order per chat). The web transport reaches only the customers whose page holds a
socket to this process: a message for a customer who is away stays pending and goes when their
page connects again (to this process or any other). A message is kept in the chat's history
before it is pushed, and dropped from it again when no socket took it: whatever a page shows,
the history read by its next load shows too.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Collection
from datetime import datetime
from typing import Any, cast

from fastapi import WebSocket
from sqlalchemy import Table, delete, insert

from backend.clock import Clock
from backend.conversations.models import ConversationMessage
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.delivery.rows import Claimed
from backend.delivery.sender import OutboxSender
from backend.delivery.transport import Answer, Away, Delivered
from dialogs.store import load_conversation

LEASE_SECONDS = 30.0
_messages = cast(Table, ConversationMessage.__table__)


class ChatHub:
    """Open sockets by chat id, and the sender that pushes due web messages to them."""

    channel = Channel.WEB

    def __init__(self, sessions: SessionFactory, clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock
        self._sockets: dict[str, set[WebSocket]] = defaultdict(set)
        # Turns a stored document's path into this chat's signed download link (set by the app).
        self.document_link: Callable[[str, str], str] | None = None
        self.sender = OutboxSender(
            sessions, self, lease_seconds=LEASE_SECONDS, per_chat_batch=50, wall_clock=clock
        )

    def connect(self, chat_id: str, socket: WebSocket) -> None:
        """Register a socket and look for its pending messages."""
        self._sockets[chat_id].add(socket)
        self.sender.wake()

    def disconnect(self, chat_id: str, socket: WebSocket) -> None:
        """Forget a closed socket."""
        self._sockets[chat_id].discard(socket)
        if not self._sockets[chat_id]:
            del self._sockets[chat_id]

    def wake(self) -> None:
        """Deliver soon (a staff reply was just written)."""
        self.sender.wake()

    async def deliver_pending(self) -> int:
        """Send every due web message whose customer is connected here; return how many."""
        return await self.sender.run_once()

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Deliver until `stop` is set, waking early when asked."""
        await self.sender.run_forever(stop, idle_sleep=interval)

    def reachable(self) -> Collection[str] | None:
        """The chats with a page connected to this process."""
        return list(self._sockets)

    @contextlib.asynccontextmanager
    async def pace(self, chat: str, *, bulk: bool = False) -> AsyncIterator[None]:
        """No rate limit on our own sockets."""
        yield

    async def send(self, message: Claimed) -> Answer:
        """Keep the message in the chat's history, then push it to every socket of its chat."""
        now = self.clock.now()
        frame: dict[str, Any] = {
            "type": "notification",
            "kind": message.kind,
            "text": message.text,
            "buttons": message.payload.get("buttons", []),
            "at": now.isoformat(),
        }
        if message.payload.get("author"):  # the display name of the person who wrote it
            frame["author"] = message.payload["author"]
        stored = frame
        document = message.payload.get("document")
        if document and self.document_link is not None:  # a letter: its link, its path kept
            frame["url"] = self.document_link(message.chat, str(document))
            frame["filename"] = message.payload.get("filename", "")
            stored = {
                "type": "document",
                "filename": frame["filename"],
                "caption": message.text,
                "path": str(document),
            }
        kept = await self._keep(message.chat, stored, now)
        if not await self._push(message.chat, frame):
            await self._forget(kept)
            return Away()  # the socket closed: sent (and kept) on the next connect
        return Delivered()

    async def _keep(self, chat_id: str, stored: dict[str, Any], now: datetime) -> int | None:
        """The history entry's id (None: no conversation to keep it in).

        Committed before the push: a page reloaded as soon as it showed the message finds it in
        the history it reads first, in this process or any other.
        """
        async with self.sessions() as session:
            conversation = await load_conversation(session, "web", chat_id)
            if conversation is None:
                return None
            entry = insert(_messages).returning(_messages.c.id)
            row = {"conversation_id": conversation.id, "direction": "out", "payload": stored}
            kept = await session.scalar(entry, {**row, "created_at": now})
            await session.commit()
        return int(kept) if kept is not None else None

    async def _forget(self, kept: int | None) -> None:
        """Drop the entry of a message no page showed: it is kept again when it goes."""
        if kept is not None:
            async with self.sessions() as session:
                await session.execute(delete(_messages).where(_messages.c.id == kept))
                await session.commit()

    async def _push(self, chat_id: str, frame: dict[str, Any]) -> bool:
        sent = False
        for socket in list(self._sockets.get(chat_id, ())):
            try:
                await socket.send_json(frame)
                sent = True
            except Exception:  # a socket that died mid-send is dropped; others still count
                self.disconnect(chat_id, socket)
        return sent
