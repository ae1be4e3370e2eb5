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
import contextlib
import logging
import time
from collections.abc import Callable
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
from bot.inbox_runner import ChatRunner, Handle
from dialogs.types import RawEvent

log = logging.getLogger(__name__)
Ticket = asyncio.Future[int]
__all__ = ["ChatClaims", "Inbox", "Stored", "identify"]


class Inbox(ChatRunner):
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
        super().__init__(sessions, handle, clock, timedelta(seconds=lease_seconds), claims)
        self._give_up = give_up
        self._inline = inline
        self.retry_pause = retry_pause
        self.album_quiet = album_quiet
        # Renewals come well before a lease runs out, however long the work under it takes.
        self.sweep_seconds = sweep_seconds or min(1.0, lease_seconds / 3)
        self.keep_idle = lease_seconds  # a chat quiet this long is given up (several processes)
        self._keep = keep
        self._sweep_now = asyncio.Event()
        self._last_expiry = 0.0
        self._stores: BatchQueue[list[dict[str, Any]], tuple[int, list[Ticket]]] = BatchQueue(
            self._store_batch, max_batch=100
        )

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
            chats = {f[1] for pairs in found for f, _ in pairs if f is not None}
            await self._claim(chats, now)
            await self._look_for_handed({chat for chat in chats if self._claims.holds(chat)}, now)
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
                alone = chat not in self._tasks and chat not in self._handed
                if held and self._inline and alone and self._inline(payload):
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

    async def _look_for_handed(self, chats: set[str], now: datetime) -> None:
        """Rows another process stored for chats held here, not yet read: they are older than
        the updates being stored now, so they run first even if their owner's wake-up notice
        is still on its way."""
        if chats:
            for chat in await inbox_chats.with_free_rows(self._sessions, chats, now):
                self._handed.add(chat)

    def _start_inline(self, key: str, chat: str, payload: dict[str, Any], now: Any) -> Ticket:
        """Queue an update whose row its step writes (the first of its chat's queue)."""
        ticket: Ticket = asyncio.get_running_loop().create_future()
        ticket.add_done_callback(_seen)  # its storer may have failed and be gone meanwhile
        raw = RawEvent(row_for(key, chat, payload, now, None))
        self._enqueue(Stored(0, key, chat, payload, raw=raw, ticket=ticket))
        return ticket

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

    async def drain(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a budget
        """Wait for the updates under way here to finish, then give up the chats held here, so
        other processes take them at once rather than after the lease (used on shutdown)."""
        await super().drain(timeout)
        if self._claims is not None:
            try:
                await inbox_chats.release_all(self._sessions, self._claims.name)
            except Exception:  # they run out after the lease instead
                log.exception("telegram: could not give up the chats held here")

    async def expire(self) -> None:
        """Forget processed updates, event ids and chat claims older than `keep`."""
        await inbox_rows.expire(self._sessions, self._wall.now() - self._keep)
        if self._claims is not None:
            await inbox_chats.expire(self._sessions, self._wall.now() - self._keep)

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep (renew leases, take orphaned and handed rows) every `sweep_seconds`, at once
        when woken for every chat, and expire old rows, until `stop` is set."""
        while not stop.is_set():
            started = time.monotonic()
            self._sweep_now.clear()
            try:
                await self.sweep()
                if time.monotonic() - self._last_expiry > 600:
                    self._last_expiry = time.monotonic()
                    await self.expire()
            except Exception:  # a database outage must not end the worker
                log.exception("telegram inbox: sweep failed")
            with contextlib.suppress(TimeoutError):  # the next round a fixed time after this one
                pause = started + self.sweep_seconds - time.monotonic()
                await asyncio.wait_for(_either(stop, self._sweep_now), max(pause, 0.01))


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
