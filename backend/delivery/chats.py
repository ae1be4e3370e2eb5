"""The sender's chats in memory: a queue and at most one task per chat, and held-up chats.

Each chat with rows to deliver here has a queue in id order (rows already claimed, or ids still
to claim) and one task that works through it, so one message per chat is in flight and a slow
chat holds only itself. A chat whose message was held up (a retry, a lost lease, a recipient
away) is "held": its queued rows go back to the table, and new ones follow them there, so
nothing overtakes the held message.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
from collections.abc import Awaitable, Callable

from backend.delivery.rows import Claimed, Outcome

log = logging.getLogger(__name__)
Queued = tuple[int, Claimed | None]


class ChatQueues:
    """Per-chat queues and tasks; subclasses say how one row is sent and how rows go back."""

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._stop: asyncio.Event | None = None
        self._chats: dict[str, asyncio.Task[int]] = {}
        self._queues: dict[str, list[Queued]] = {}
        self._held: set[str] = set()  # chats whose messages wait in the table behind one
        self._behind: set[str] = set()  # chats with due rows found while their task ran
        self._releasing: set[asyncio.Task[None]] = set()

    async def _send_next(self, message_id: int, claimed: Claimed | None, chat: str) -> Outcome:
        raise NotImplementedError

    async def _hand_back_rows(self, rows: list[Claimed]) -> None:
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        """Whether messages of some chat are under way (or waiting for their slot) here."""
        return bool(self._chats)

    def wake(self) -> None:
        """Look for due messages now (new rows were just committed)."""
        self._wake.set()

    def queue(self, chat: str, ids: list[int]) -> None:
        """Rows for `chat` this process just committed, not leased: claimed in their turn."""
        if self._stopping() or self._stop is None or chat in self._held:
            self.wake()
            return
        for message_id in ids:
            self._enqueue(chat, message_id, None)

    def _stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    def _enqueue(self, chat: str, message_id: int, claimed: Claimed | None) -> None:
        if claimed is not None and chat in self._held:
            self._release([claimed])
            return
        bisect.insort(self._queues.setdefault(chat, []), (message_id, claimed), key=_id)
        if chat not in self._chats:
            self._start_chat(chat)

    def _merge_into_queue(self, chat: str, rows: list[Queued]) -> None:
        queue = self._queues.setdefault(chat, [])
        for message_id, claimed in rows:
            if all(queued != message_id for queued, _ in queue):
                bisect.insort(queue, (message_id, claimed), key=_id)

    def _not_running(self, due: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """The due rows of chats without a task here; the others are looked at again later."""
        free = []
        for message_id, chat in due:
            if chat in self._chats:
                self._behind.add(chat)  # look again when its task is done
            else:
                free.append((message_id, chat))
        return free

    async def _forget_clear_holds(
        self, pending_of: Callable[[set[str]], Awaitable[set[str]]]
    ) -> None:
        """Held chats whose rows in the table are all gone go straight to their task again."""
        if self._held:
            held = set(self._held)
            self._held -= held - await pending_of(held)

    def _start_chat(self, chat: str) -> None:
        if chat not in self._chats:
            task = asyncio.create_task(self._run_chat(chat), name="outbox-chat")
            self._chats[chat] = task

    async def _run_chat(self, chat: str) -> int:
        """The chat's queued rows one after another, in id order, until one is held up."""
        sent = 0
        queue = self._queues.get(chat, [])
        try:
            while queue:
                message_id, claimed = queue.pop(0)
                outcome = None
                try:
                    outcome = await self._send_next(message_id, claimed, chat)
                except Exception:  # the row keeps its lease and is retried when it expires
                    log.exception("outbox: message %s not delivered", message_id)
                sent += outcome is Outcome.SENT
                if outcome not in (Outcome.SENT, Outcome.FAILED):
                    self._hold(chat)  # later messages to this chat wait for this one
                    break
        finally:
            if not self._queues.get(chat):
                self._queues.pop(chat, None)
            if self._chats.get(chat) is asyncio.current_task():
                del self._chats[chat]
                if chat in self._behind:  # due rows in the table waited for this task
                    self._behind.discard(chat)
                    self._wake.set()
        return sent

    def _hold(self, chat: str) -> None:
        """Hand the chat's queued rows back to the table; new ones follow them there."""
        self._held.add(chat)
        queue = self._queues.pop(chat, [])
        self._release([claimed for _, claimed in queue if claimed is not None])

    def _release(self, rows: list[Claimed]) -> None:
        if rows:
            task = asyncio.create_task(self._hand_back_all(rows))
            self._releasing.add(task)
            task.add_done_callback(self._releasing.discard)

    async def _hand_back_all(self, rows: list[Claimed]) -> None:
        try:
            await self._hand_back_rows(rows)
        except Exception:  # their leases run out and any sender takes them then
            log.exception("outbox: could not hand rows back")
        self._wake.set()

    async def _finish_tasks(self) -> None:
        while self._chats or self._releasing:
            await asyncio.gather(*self._chats.values(), *self._releasing, return_exceptions=True)


def _id(item: Queued) -> int:
    return item[0]
