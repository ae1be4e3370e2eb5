"""The inbox: raw updates stored before Telegram is told we have them, processed from the store.

`store` writes each update under a key that names what it is (chat and message id, callback
query id, ...), so a redelivery, even under a new `update_id`, is recognised and not stored twice.
It commits before the webhook answers 200 or the polling offset moves past the update. The rows a
process stores it leases to itself and processes at once, in id order per chat, one update of a
chat at a time, chats side by side. A row whose lease runs out unfinished (its process died) is
taken again by the sweep of any process; the dialog engine's event ids make that rerun answer
nothing twice. Album items (one update per photo) wait for the rest of their `media_group_id`
for `album_quiet` seconds and go to the dialog as one event. Processed rows are kept for
`keep` so late redeliveries are still recognised, then deleted.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from backend.clock import SYSTEM_CLOCK
from backend.clock import Clock as WallClock
from backend.db.batching import BatchQueue
from backend.db.session import SessionFactory
from bot import inbox_rows
from bot.inbox_rows import Stored, identify, row_for
from dialogs.types import RawEvent

log = logging.getLogger(__name__)
Handle = Callable[[list[Stored]], Awaitable[None]]
Ticket = asyncio.Future[int]
TRIES = 3  # a failing update is run this often (the chat's later ones wait), then given up
__all__ = ["Inbox", "Stored", "identify"]


class Inbox:
    """Stores updates durably and runs them through `handle`, in order per chat."""

    def __init__(
        self,
        sessions: SessionFactory,
        handle: Handle,
        clock: WallClock = SYSTEM_CLOCK,
        *,
        lease_seconds: float = 30.0,
        album_quiet: float = 0.8,
        sweep_seconds: float = 1.0,
        keep: timedelta = timedelta(hours=48),
        give_up: Handle | None = None,
        retry_pause: float = 0.2,
        inline: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        self._sessions = sessions
        self._handle = handle
        self._give_up = give_up
        self._inline = inline
        self.retry_pause = retry_pause
        self._wall = clock
        self.lease = timedelta(seconds=lease_seconds)
        self.album_quiet = album_quiet
        self._sweep_seconds = sweep_seconds
        self._keep = keep
        self._queues: dict[str, list[Stored]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._done: list[int] = []
        self._running: set[int] = set()  # ids being processed now (out of their queue)
        self._last_expiry = 0.0
        self._stores: BatchQueue[list[dict[str, Any]], tuple[int, list[Ticket]]] = BatchQueue(
            self._store_batch, max_batch=100
        )
        self._flushing: asyncio.Task[None] | None = None

    async def store(self, payloads: list[dict[str, Any]]) -> int:
        """Store updates (redeliveries are ignored) and start them; how many were new.

        Updates stored at the same moment share one transaction (group commit); an update that
        `inline` accepts, of a chat with nothing under way here, is stored by its step's own
        transaction instead. Raises when the database cannot take them: the caller must not
        acknowledge them then.
        """
        count, tickets = await self._stores.submit(payloads)
        return count + sum(await asyncio.gather(*tickets))

    async def _store_batch(
        self, batches: list[list[dict[str, Any]]]
    ) -> list[tuple[int, list[Ticket]]]:
        now = self._wall.now()
        rows: dict[str, dict[str, Any]] = {}
        owner: dict[str, int] = {}
        tickets: list[list[Ticket]] = [[] for _ in batches]
        for index, payloads in enumerate(batches):
            for payload in payloads:
                found = identify(payload)
                if found is None:
                    log.info("telegram: an update without a chat is acknowledged and dropped")
                    continue
                key, chat = found
                if key in owner:
                    continue
                owner[key] = index
                if self._inline is not None and chat not in self._tasks and self._inline(payload):
                    tickets[index].append(self._start_inline(key, chat, payload, now))
                else:
                    rows[key] = row_for(key, chat, payload, now, now + self.lease)
        counts = [0] * len(batches)
        new = await inbox_rows.insert_new(self._sessions, list(rows.values())) if rows else []
        for row in sorted(new, key=lambda r: int(r.id)):
            data = rows[row.dedupe_key]
            counts[owner[row.dedupe_key]] += 1
            self._enqueue(Stored(int(row.id), row.dedupe_key, data["chat"], data["payload"]))
        return list(zip(counts, tickets, strict=True))

    def _start_inline(self, key: str, chat: str, payload: dict[str, Any], now: Any) -> Ticket:
        """Queue an update whose row its step writes (the first of its chat's queue)."""
        ticket: Ticket = asyncio.get_running_loop().create_future()
        ticket.add_done_callback(_seen)  # its storer may have failed and be gone meanwhile
        raw = RawEvent(row_for(key, chat, payload, now, None))
        self._enqueue(Stored(0, key, chat, payload, raw=raw, ticket=ticket))
        return ticket

    def _enqueue(self, stored: Stored) -> None:
        queue = self._queues.setdefault(stored.chat, [])
        if stored.id and (stored.id in self._running or any(i.id == stored.id for i in queue)):
            return
        bisect.insort(queue, stored)
        if stored.chat not in self._tasks:
            task = asyncio.create_task(self._run_chat(stored.chat), name="telegram-chat")
            self._tasks[stored.chat] = task

    async def _run_chat(self, chat: str) -> None:
        queue = self._queues[chat]
        try:
            while queue:
                batch = await self._next_batch(queue)
                ids = [item.id for item in batch if item.id]
                self._running.update(ids)
                await self._run_batch(batch)
                self._running.difference_update(ids)
                await self._settle([item for item in batch if item.raw is not None])
                self._done.extend(item.id for item in batch if item.raw is None)
                self._flush_soon()
        finally:
            self._tasks.pop(chat, None)
            if not queue:
                self._queues.pop(chat, None)

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

    async def _next_batch(self, queue: list[Stored]) -> list[Stored]:
        """The head of the queue, or with an album item, every item of its album."""
        head = queue[0]
        group = head.album
        if group is None:
            return [queue.pop(0)]
        while True:
            items = [item for item in queue if item.album == group]
            wait = max(item.arrived for item in items) + self.album_quiet - time.monotonic()
            if wait <= 0:
                break
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

    async def sweep(self) -> int:
        """Take over rows whose lease ran out (their process died) and renew our own leases."""
        mine = [item.id for queue in self._queues.values() for item in queue if item.id]
        mine += self._running
        rows = await inbox_rows.take_over(self._sessions, mine, self._wall.now(), self.lease)
        for row in sorted(rows, key=lambda r: int(r.id)):
            self._enqueue(Stored(int(row.id), row.dedupe_key, row.chat, row.payload))
        return len(rows)

    async def expire(self) -> None:
        """Forget processed updates and event ids older than `keep`."""
        await inbox_rows.expire(self._sessions, self._wall.now() - self._keep)

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep for orphaned rows and expire old ones until `stop` is set."""
        while not stop.is_set():
            try:
                await self.sweep()
                if time.monotonic() - self._last_expiry > 600:
                    self._last_expiry = time.monotonic()
                    await self.expire()
            except Exception:  # a database outage must not end the worker
                log.exception("telegram inbox: sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._sweep_seconds)

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


def _seen(ticket: Ticket) -> None:
    """Mark a ticket's failure as looked at (whoever awaits it still gets it)."""
    if not ticket.cancelled():
        ticket.exception()
