"""Running stored updates in this process: one task per chat, its updates in id order, one at a
time (an album's items together), chats side by side; every row held here from being queued
until it is marked processed (`held`, whose leases the inbox's sweep renews).

With several processes on the database (`claims`), rows other processes stored for a chat held
here are read when the chat's owner is woken (`bot.inbox.Inbox.wake`) and queued before anything
newer of the chat runs.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Row

from backend.clock import Clock as WallClock
from backend.db.session import SessionFactory
from bot import inbox_chats, inbox_rows
from bot.inbox_chats import ChatClaims
from bot.inbox_rows import Stored

log = logging.getLogger(__name__)
Handle = Callable[[list[Stored]], Awaitable[None]]
TRIES = 3  # a failing update is run this often (the chat's later ones wait), then given up


class ChatRunner:
    """The queues and tasks of the chats under way in this process."""

    album_quiet = 0.8
    retry_pause = 0.2
    _give_up: Handle | None = None

    def __init__(
        self,
        sessions: SessionFactory,
        handle: Handle,
        clock: WallClock,
        lease: timedelta,
        claims: ChatClaims | None,
    ) -> None:
        self._sessions = sessions
        self._handle = handle
        self._wall = clock
        self.lease = lease
        self._claims = claims  # None: this process runs every chat it stores (one process)
        self._queues: dict[str, list[Stored]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._done: list[int] = []
        self._held: set[int] = set()  # row ids here from being stored or taken until marked done
        self._handed: set[str] = set()  # chats woken: rows other processes stored, to be read
        self._reading: asyncio.Task[None] | None = None
        self._flushing: asyncio.Task[None] | None = None

    @staticmethod
    def _stored(row: Row[Any]) -> Stored:
        return Stored(int(row.id), row.dedupe_key, row.chat, row.payload)

    def _enqueue(self, stored: Stored) -> None:
        if stored.id:
            if stored.id in self._held:  # queued, under way or done here already
                return
            self._held.add(stored.id)
        bisect.insort(self._queues.setdefault(stored.chat, []), stored)
        self._start_chat(stored.chat)

    def _start_chat(self, chat: str) -> None:
        if chat not in self._tasks:
            task = asyncio.create_task(self._run_chat(chat), name="telegram-chat")
            self._tasks[chat] = task

    async def _read_handed(self) -> None:
        while self._handed:
            chats = sorted(self._handed)
            now = self._wall.now()
            try:
                rows = await inbox_chats.take_handed(self._sessions, chats, now, now + self.lease)
            except Exception:  # the sweep finds them a moment later
                log.exception("telegram: could not read the updates handed over")
                rows = []
            self._handed.difference_update(chats)
            for row in sorted(rows, key=lambda r: int(r.id)):
                self._enqueue(self._stored(row))

    async def _handed_read(self) -> None:
        """Wait until the rows handed over so far are read (and queued)."""
        if self._reading is None or self._reading.done():
            self._reading = asyncio.create_task(self._read_handed(), name="telegram-handed")
        await asyncio.wait([self._reading])

    async def _run_chat(self, chat: str) -> None:
        queue = self._queues.setdefault(chat, [])
        try:
            while queue or chat in self._handed:
                if chat in self._handed:  # rows stored earlier elsewhere go first
                    await self._handed_read()
                    continue
                batch = await self._next_batch(chat, queue)
                await self._run_batch(batch)
                await self._settle([item for item in batch if item.raw is not None])
                self._done.extend(item.id for item in batch if item.raw is None)
                self._flush_soon()
        finally:
            self._tasks.pop(chat, None)
            if not queue:
                self._queues.pop(chat, None)
            if self._claims is not None:
                self._claims.idle(chat)

    async def _run_batch(self, batch: list[Stored]) -> None:
        """Handle the batch, again a moment later when that fails (the engine's event ids keep
        a step that did commit from answering twice); after `TRIES` failures the customer is
        told (`give_up`) and the chat's later updates go on."""
        for attempt in range(TRIES):
            try:
                await self._handle(batch)
                return
            except Exception:
                log.exception("telegram: an update could not be processed (try %d)", attempt + 1)
            if attempt + 1 < TRIES:
                await asyncio.sleep(self.retry_pause * 2**attempt)
        if self._give_up is not None:
            try:
                await self._give_up(batch)
            except Exception:  # nothing more can be done for this update
                log.exception("telegram: could not tell the customer about a failed update")

    async def _settle(self, items: list[Stored]) -> None:
        """Answer the tickets of updates stored with their step; store the others now (their
        step wrote nothing: a duplicate, the apology, a kind the engine does not take)."""
        written = [item for item in items if item.raw is not None and not item.raw.stored]
        new: set[str] = set()
        error: Exception | None = None
        if written:
            rows = [item.raw.row for item in written if item.raw is not None]
            try:
                new = {row.dedupe_key for row in await inbox_rows.insert_new(self._sessions, rows)}
            except Exception as failure:  # not acknowledged: Telegram delivers it again
                error = failure
        for item in items:
            if item.ticket is None or item.ticket.done():
                continue
            if error is not None and item in written:
                item.ticket.set_exception(error)
            else:
                stored = item.raw is not None and item.raw.stored
                item.ticket.set_result(int(stored or item.key in new))

    async def _next_batch(self, chat: str, queue: list[Stored]) -> list[Stored]:
        """The head of the queue, or with an album item, every item of its album (those
        another process stored included, when they came within the quiet time)."""
        head = queue[0]
        group = head.album
        if group is None:
            return [queue.pop(0)]
        while True:
            items = [item for item in queue if item.album == group]
            wait = max(item.arrived for item in items) + self.album_quiet - time.monotonic()
            if wait <= 0 and chat in self._handed:
                await self._handed_read()
            elif wait <= 0:
                break
            else:
                await asyncio.sleep(wait)
        for item in items:
            queue.remove(item)
        return items

    def _flush_soon(self) -> None:
        """Mark processed rows done a moment later, many in one statement: until then a
        crash only reruns them, and the engine's event ids answer nothing twice."""
        if self._done and (self._flushing is None or self._flushing.done()):
            self._flushing = asyncio.create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(0.05)
        await self._flush_done()

    async def _flush_done(self) -> None:
        if not self._done:
            return
        ids, self._done = self._done, []
        try:
            await inbox_rows.mark_done(self._sessions, ids, self._wall.now())
        except Exception:  # the lease runs out and the engine's event ids absorb the rerun
            log.exception("telegram: could not mark updates processed")
        self._held.difference_update(ids)

    def _lose(self, chat: str) -> None:
        """Another process took `chat` over (this one stalled past its claim): its queued rows
        are that owner's now; what is under way here finishes."""
        queue = self._queues.get(chat, [])
        for item in [item for item in queue if item.id]:
            queue.remove(item)
            self._held.discard(item.id)
        log.warning("telegram: chat %s was taken over by another process", chat)

    async def drain(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a budget
        """Wait for the updates under way here to finish (used on shutdown)."""
        deadline = time.monotonic() + timeout
        while self._tasks and time.monotonic() < deadline:
            await asyncio.wait(list(self._tasks.values()), timeout=deadline - time.monotonic())
        await self._flush_done()

    @property
    def busy(self) -> bool:
        """Whether updates are under way in this process."""
        return bool(self._tasks)
