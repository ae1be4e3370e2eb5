"""Live web-chat connections of this process: the web channel's transport for the outbox sender.

Staff replies and status changes for web customers are written to the outbox like any other
message and delivered by the same sender as Telegram's (`backend.delivery.sender`: leases,
attempts, order per chat). The web transport reaches only the customers whose page holds a
socket to this process: a message for a customer who is away stays pending and goes when their
page connects again (to this process or any other).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Collection
from typing import Any

from fastapi import WebSocket

from backend.clock import Clock
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.delivery.rows import Claimed
from backend.delivery.sender import OutboxSender
from backend.delivery.transport import Answer, Away, Delivered
from dialogs.store import load_conversation, record_history

LEASE_SECONDS = 30.0


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
        """Push the message to every socket of its chat and keep it in the chat's history."""
        frame: dict[str, Any] = {
            "type": "notification",
            "kind": message.kind,
            "text": message.text,
            "buttons": message.payload.get("buttons", []),
            "at": self.clock.now().isoformat(),
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
        if not await self._push(message.chat, frame):
            return Away()  # the socket closed: sent on the next connect
        async with self.sessions() as session:
            conversation = await load_conversation(session, "web", message.chat)
            if conversation is not None:
                entry = [(conversation.id, "out", stored)]
                await record_history(await session.connection(), entry, self.clock.now())
            await session.commit()
        return Delivered()

    async def _push(self, chat_id: str, frame: dict[str, Any]) -> bool:
        sent = False
        for socket in list(self._sockets.get(chat_id, ())):
            try:
                await socket.send_json(frame)
                sent = True
            except Exception:  # a socket that died mid-send is dropped; others still count
                self.disconnect(chat_id, socket)
        return sent
