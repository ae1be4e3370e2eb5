"""The inbox: raw updates stored before Telegram is told we have them, processed from the store.

`store` writes each update under a key that names what it is (chat and message id, callback
query id, ...), so a redelivery, even under a new `update_id`, is recognised and not stored twice.
It commits before the webhook answers 200 or the polling offset moves past the update. Updates
run in id order per chat, one update of a chat at a time, chats side by side. Album items (one
update per photo) wait for the rest of their `media_group_id` for `album_quiet` seconds and go to
the dialog as one event. Processed rows are kept for `keep` so late redeliveries are still
recognised, then deleted.

Who runs a chat's rows: with one process on the database (SQLite), the process that stored them.
With several (`claims` given: PostgreSQL), the chat's owner (`bot.inbox_chats`): an update of a
chat this process holds is stored leased and run here with no further statement; one of a chat
another process holds is stored unleased, that owner is woken through the change feed (`wake`),
reads the chat's handed rows and runs them in order with its own.

Leases: every row this process holds, from being stored or taken until it is marked processed,
is renewed by the sweep, which runs at a third of the lease (at least once a second), so a live
process never loses a row under way. A row whose lease (or whose chat's claim) ran out is taken
by the sweep of another process; the dialog engine's event ids make that rerun answer nothing
twice.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row

from backend.clock import SYSTEM_CLOCK
from backend.clock import Clock as WallClock
from backend.db.batching import BatchQueue
from backend.db.notify import MANY
from backend.db.session import SessionFactory
from bot import inbox_chats, inbox_rows
from bot.inbox_chats import ChatClaims
from bot.inbox_rows import Stored, identify, row_for
from dialogs.types import RawEvent

log = logging.getLogger(__name__)
Handle = Callable[[list[Stored]], Awaitable[None]]
Ticket = asyncio.Future[int]
TRIES = 3  # a failing update is run this often (the chat's later ones wait), then given up
__all__ = ["ChatClaims", "Inbox", "Stored", "identify"]


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
        sweep_seconds: float | None = None,
        keep: timedelta = timedelta(hours=48),
        give_up: Handle | None = None,
        retry_pause: float = 0.2,
        inline: Callable[[dict[str, Any]], bool] | None = None,
        claims: ChatClaims | None = None,
    ) -> None:
        self._sessions = sessions
        self._handle = handle
        self._give_up = give_up
        self._inline = inline
        self._claims = claims  # None: this process runs every chat it stores (one process)
        self.retry_pause = retry_pause
        self._wall = clock
        self.lease = timedelta(seconds=lease_seconds)
        self.album_quiet = album_quiet
        # Renewals come well before a lease runs out, however long the work under it takes.
        self.sweep_seconds = sweep_seconds or min(1.0, lease_seconds / 3)
        self.keep_idle = lease_seconds  # a chat quiet this long is given up (several processes)
        self._keep = keep
        self._queues: dict[str, list[Stored]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._done: list[int] = []
        self._held: set[int] = set()  # row ids here from being stored or taken until marked done
        self._handed: set[str] = set()  # chats woken: rows other processes stored, to be read
        self._reading: asyncio.Task[None] | None = None
        self._sweep_now = asyncio.Event()
        self._last_expiry = 0.0
        self._stores: BatchQueue[list[dict[str, Any]], tuple[int, list[Ticket]]] = BatchQueue(
            self._store_batch, max_batch=100
        )
        self._flushing: asyncio.Task[None] | None = None

    async def store(self, payloads: list[dict[str, Any]]) -> int:
        """Store updates (redeliveries are ignored) and start them; how many were new.

        Updates stored at the same moment share one transaction (group commit); an update that
        `inline` accepts, of a chat this process holds with nothing under way, is stored by its
        step's own transaction instead. Raises when the database cannot take them: the caller
        must not acknowledge them then.
        """
        count, tickets = await self._stores.submit(payloads)
        return count + sum(await asyncio.gather(*tickets))

    def _holds(self, chat: str) -> bool:
        return self._claims is None or self._claims.holds(chat)

    async def _store_batch(
        self, batches: list[list[dict[str, Any]]]
    ) -> list[tuple[int, list[Ticket]]]:
        now = self._wall.now()
        found = [[(identify(payload), payload) for payload in payloads] for payloads in batches]
        if self._claims is not None:
            await self._claim({f[1] for pairs in found for f, _ in pairs if f is not None}, now)
        rows: dict[str, dict[str, Any]] = {}
        owner: dict[str, int] = {}
        tickets: list[list[Ticket]] = [[] for _ in batches]
        handed: set[str] = set()  # chats another process owns
        for index, pairs in enumerate(found):
            for identified, payload in pairs:
                if identified is None:
                    log.info("telegram: an update without a chat is acknowledged and dropped")
                    continue
                key, chat = identified
                if key in owner:
                    continue
                owner[key] = index
                held = self._holds(chat)
                if held and self._inline and chat not in self._tasks and self._inline(payload):
                    tickets[index].append(self._start_inline(key, chat, payload, now))
                    continue
                rows[key] = row_for(key, chat, payload, now, now + self.lease)
                if not held:  # stored unleased: its owner runs it
                    rows[key]["lease_until"] = None
                    handed.add(chat)
        counts = [0] * len(batches)
        new = await inbox_chats.insert_handing(self._sessions, list(rows.values()), handed)
        here = []
        for row in new:
            data = rows[row.dedupe_key]
            counts[owner[row.dedupe_key]] += 1
            if data["lease_until"] is not None:
                here.append(Stored(int(row.id), row.dedupe_key, data["chat"], data["payload"]))
        for stored in sorted(here):
            self._enqueue(stored)
        return list(zip(counts, tickets, strict=True))

    async def _claim(self, chats: set[str], now: datetime) -> None:
        """Claim the chats of new updates not held here yet (several processes); rows of them
        an owner that died left unfinished are queued here first."""
        claims = self._claims
        assert claims is not None
        chats = {chat for chat in chats if not claims.holds(chat)}
        if not chats:
            return
        claims.claiming |= chats
        written = time.monotonic()
        try:
            won, earlier = await inbox_chats.claim_chats(
                self._sessions, chats, claims.name, now, now + self.lease
            )
        finally:
            claims.claiming -= chats
        claims.won(won, written)
        for chat in chats - won:
            claims.forget(chat)
        for row in sorted(earlier, key=lambda r: int(r.id)):
            self._enqueue(self._stored(row))
        for chat in chats & claims.woken:  # a notice came while the claim was written
            claims.woken.discard(chat)
            self.wake(chat)

    def _start_inline(self, key: str, chat: str, payload: dict[str, Any], now: Any) -> Ticket:
        """Queue an update whose row its step writes (the first of its chat's queue)."""
        ticket: Ticket = asyncio.get_running_loop().create_future()
        ticket.add_done_callback(_seen)  # its storer may have failed and be gone meanwhile
        raw = RawEvent(row_for(key, chat, payload, now, None))
        self._enqueue(Stored(0, key, chat, payload, raw=raw, ticket=ticket))
        return ticket

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

    def wake(self, chat: str) -> None:
        """Another process stored rows of `chat` (`*`: of any chat): read those of the chats
        held here before running anything newer of them."""
        claims = self._claims
        if claims is None:
            return
        if chat == MANY:
            self._sweep_now.set()
            return
        if chat in claims.claiming:
            claims.woken.add(chat)
        elif claims.holds(chat):
            self._handed.add(chat)
            self._start_chat(chat)  # its task reads them first; nothing of it goes inline

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

    async def sweep(self) -> int:
        """Renew the leases of the rows (and chats) held here; take over rows whose lease ran
        out (their process died) and, with several processes, rows handed to our chats."""
        now = self._wall.now()
        held = list(self._held)
        if self._claims is None:
            rows = await inbox_rows.take_over(self._sessions, held, now, self.lease)
        else:
            rows = await self._sweep_claims(held, now)
        for row in sorted(rows, key=lambda r: int(r.id)):
            self._enqueue(self._stored(row))
        return len(rows)

    async def _sweep_claims(self, held: list[int], now: datetime) -> list[Row[Any]]:
        claims = self._claims
        assert claims is not None
        busy = set(self._tasks) | set(self._queues) | self._handed | claims.claiming
        idle = claims.release(busy, self.keep_idle)
        written = time.monotonic()
        owned, rows = await inbox_chats.sweep(
            self._sessions, claims.name, idle, held, now, now + self.lease
        )
        for chat in claims.renewed(owned, written):
            self._lose(chat)
        return rows

    def _lose(self, chat: str) -> None:
        """Another process took `chat` over (this one stalled past its claim): its queued rows
        are that owner's now; what is under way here finishes."""
        queue = self._queues.get(chat, [])
        for item in [item for item in queue if item.id]:
            queue.remove(item)
            self._held.discard(item.id)
        log.warning("telegram: chat %s was taken over by another process", chat)

    async def expire(self) -> None:
        """Forget processed updates and event ids older than `keep`."""
        await inbox_rows.expire(self._sessions, self._wall.now() - self._keep)

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep for orphaned rows and expire old ones until `stop` is set."""
        while not stop.is_set():
            started = time.monotonic()
            try:
                await self.sweep()
                if time.monotonic() - self._last_expiry > 600:
                    self._last_expiry = time.monotonic()
                    await self.expire()
                    if self._claims is not None:
                        await inbox_chats.expire(self._sessions, self._wall.now() - self._keep)
            except Exception:  # a database outage must not end the worker
                log.exception("telegram inbox: sweep failed")
            self._sweep_now.clear()
            with contextlib.suppress(TimeoutError):  # the next round a fixed time after this one
                pause = started + self.sweep_seconds - time.monotonic()
                await asyncio.wait_for(_either(stop, self._sweep_now), max(pause, 0.01))

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


async def _either(*events: asyncio.Event) -> None:
    """Return once any of `events` is set."""
    waits = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
