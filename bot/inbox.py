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
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Table, select, update

from backend.clock import SYSTEM_CLOCK
from backend.clock import Clock as WallClock
from backend.db.batching import BatchQueue
from backend.db.dialect import upsert
from backend.db.prune import delete_in_chunks
from backend.db.session import SessionFactory
from backend.notifications.models import InboxUpdate, ProcessedEvent

log = logging.getLogger(__name__)
SOURCE = "telegram"
_inbox = cast(Table, InboxUpdate.__table__)
NO_SYNC = {"synchronize_session": False}


@dataclass(order=True)
class Stored:
    """One stored update on its way through this process."""

    id: int
    key: str = field(compare=False)
    chat: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False)
    arrived: float = field(compare=False, default_factory=time.monotonic)

    @property
    def album(self) -> str | None:
        """The media_group_id of a message that is one item of an album."""
        message = self.payload.get("message") or {}
        group = message.get("media_group_id") if isinstance(message, dict) else None
        return str(group) if group else None


Handle = Callable[[list[Stored]], Awaitable[None]]
TRIES = 3  # a failing update is run this often (the chat's later ones wait), then given up


def _object(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one (a hostile update may put anything
    where an object belongs)."""
    return value if isinstance(value, dict) else {}


def identify(payload: dict[str, Any]) -> tuple[str, str] | None:
    """(dedupe key, chat id) of a raw update; None for one that belongs to no chat."""
    for kind, prefix in (("message", "m"), ("edited_message", "e")):
        message = payload.get(kind)
        if isinstance(message, dict):
            chat, number = _object(message.get("chat")).get("id"), message.get("message_id")
            if not isinstance(chat, int) or not isinstance(number, int):
                return None
            edit = f":{message.get('edit_date', 0)}" if prefix == "e" else ""
            return f"{prefix}:{chat}:{number}{edit}", str(chat)
    query = payload.get("callback_query")
    if isinstance(query, dict) and isinstance(query.get("id"), str) and query["id"]:
        chat = _object(_object(query.get("message")).get("chat")).get("id")
        user = _object(query.get("from")).get("id")
        chat = chat if isinstance(chat, int) else user
        return (f"c:{query['id']}", str(chat)) if isinstance(chat, int) else None
    member = payload.get("my_chat_member")
    if isinstance(member, dict):
        chat = _object(member.get("chat")).get("id")
        status = _object(member.get("new_chat_member")).get("status")
        if isinstance(chat, int):
            return f"k:{chat}:{member.get('date')}:{status}", str(chat)
    return None


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
    ) -> None:
        self._sessions = sessions
        self._handle = handle
        self._give_up = give_up
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
        self._stores: BatchQueue[list[dict[str, Any]], int] = BatchQueue(
            self._store_batch, max_batch=100
        )
        self._flushing: asyncio.Task[None] | None = None

    async def store(self, payloads: list[dict[str, Any]]) -> int:
        """Store updates (redeliveries are ignored) and start them; how many were new.

        Updates stored at the same moment share one transaction (group commit). Raises when the
        database cannot take them: the caller must not acknowledge them then.
        """
        return await self._stores.submit(payloads)

    async def _store_batch(self, batches: list[list[dict[str, Any]]]) -> list[int]:
        now = self._wall.now()
        rows: dict[str, dict[str, Any]] = {}
        owner: dict[str, int] = {}
        for index, payloads in enumerate(batches):
            for payload in payloads:
                found = identify(payload)
                if found is None:
                    log.info("telegram: an update without a chat is acknowledged and dropped")
                    continue
                key, chat = found
                owner.setdefault(key, index)
                rows[key] = {
                    "source": SOURCE,
                    "dedupe_key": key,
                    "chat": chat,
                    "payload": payload,
                    "received_at": now,
                    "lease_until": now + self.lease,
                    "attempts": 1,
                }
        counts = [0] * len(batches)
        if not rows:
            return counts
        async with self._sessions() as session, session.begin():
            statement = upsert(session, _inbox).on_conflict_do_nothing()
            returned = await session.execute(
                statement.returning(_inbox.c.id, _inbox.c.dedupe_key), list(rows.values())
            )
            new = returned.all()
        for row in sorted(new, key=lambda r: int(r.id)):
            data = rows[row.dedupe_key]
            counts[owner[row.dedupe_key]] += 1
            self._enqueue(Stored(int(row.id), row.dedupe_key, data["chat"], data["payload"]))
        return counts

    def _enqueue(self, stored: Stored) -> None:
        queue = self._queues.setdefault(stored.chat, [])
        if stored.id in self._running or any(item.id == stored.id for item in queue):
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
                self._running.update(item.id for item in batch)
                await self._run_batch(batch)
                self._running.difference_update(item.id for item in batch)
                self._done.extend(item.id for item in batch)
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
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(0.05)
        await self._flush_done()

    async def _flush_done(self) -> None:
        if not self._done:
            return
        ids, self._done = self._done, []
        try:
            async with self._sessions() as session, session.begin():
                done = update(InboxUpdate).where(InboxUpdate.id.in_(ids))
                await session.execute(
                    done.values(done_at=self._wall.now(), lease_until=None),
                    execution_options=NO_SYNC,
                )
        except Exception:  # the lease runs out and the engine's event ids absorb the rerun
            log.exception("telegram: could not mark updates processed")

    async def sweep(self) -> int:
        """Take over rows whose lease ran out (their process died) and renew our own leases."""
        now = self._wall.now()
        mine = [item.id for queue in self._queues.values() for item in queue]
        mine += self._running
        expired = (
            select(InboxUpdate.id)
            .where(
                InboxUpdate.source == SOURCE,
                InboxUpdate.done_at.is_(None),
                InboxUpdate.lease_until.is_(None) | (InboxUpdate.lease_until < now),
            )
            .order_by(InboxUpdate.id)
            .limit(500)
        )
        lease = {"lease_until": now + self.lease}
        async with self._sessions() as session, session.begin():
            if mine:
                renew = update(InboxUpdate).where(InboxUpdate.id.in_(mine)).values(lease)
                await session.execute(renew, execution_options=NO_SYNC)
            taken = (
                update(InboxUpdate)
                .where(InboxUpdate.id.in_(expired.scalar_subquery()))
                .values(**lease, attempts=InboxUpdate.attempts + 1)
                .returning(
                    InboxUpdate.id, InboxUpdate.dedupe_key, InboxUpdate.chat, InboxUpdate.payload
                )
            )
            rows = (await session.execute(taken, execution_options=NO_SYNC)).all()
        for row in sorted(rows, key=lambda r: int(r.id)):
            self._enqueue(Stored(int(row.id), row.dedupe_key, row.chat, row.payload))
        return len(rows)

    async def expire(self) -> None:
        """Forget processed updates and event ids older than `keep`."""
        cutoff = self._wall.now() - self._keep
        old = [_inbox.c.received_at < cutoff, _inbox.c.done_at.is_not(None)]
        await delete_in_chunks(self._sessions, _inbox, old, _inbox.c.received_at)
        seen = cast(Table, ProcessedEvent.__table__)
        await delete_in_chunks(
            self._sessions, seen, [seen.c.processed_at < cutoff], seen.c.processed_at
        )

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
