"""Delivery of pending outbox messages of one channel through its transport, for every channel.

Each message goes: claim -> the transport's pace -> send -> outcome, with the claim and the
outcome in two short transactions shared with other chats' claims and outcomes that come at the
same moment (`backend.delivery.store`). The claim takes a lease on the row (moves
`next_attempt_at` forward and counts the attempt), so no other process's sender picks it up
while it is in flight. A message is claimed only while no earlier message to the same chat is
pending and due or under way, so each chat sees its messages in id order, even with several
senders. Delivery is at-least-once: a sender that dies between the channel's answer and the
outcome commit sends that row again when the lease expires, except a row marked `once` (a claim
confirmation): when an attempt of it ended with no outcome recorded, or timed out after
leaving, it is recorded as sent ("outcome unknown") rather than risk telling the customer twice.

Each chat with due rows gets its own task that sends the chat's rows one after another, so at
most one message per chat is in flight and a slow or rate-limited chat holds only itself.
`wake` starts a round at once (after a commit here, or a change notice from another process);
otherwise a round runs every `idle_sleep` seconds and costs only the pending rows (a partial
index; delivered rows are deleted after `keep_sent`). Bulk rows (a recall) are read after every
other due row, and start new chat tasks only while fewer than `max_bulk_chats` run here.

Answers (`backend.delivery.transport`): delivered -> `sent`; retry-after -> due again after it
(not counted as an attempt), only that chat waits; other failures -> exponential backoff,
`failed` after `max_attempts`, or at once when permanent; blocked -> the row and every other
pending row of that chat in the channel become `blocked` and the identity is marked; away (the
recipient is not reachable from this process) -> back to the table untouched.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from backend.clock import SYSTEM_CLOCK
from backend.clock import Clock as WallClock
from backend.db.session import SessionFactory
from backend.delivery.chats import ChatQueues
from backend.delivery.due import DueRows
from backend.delivery.rows import SENDING, Claimed, Outcome, StepRow
from backend.delivery.store import RowWriter, prune_ended, prune_sent
from backend.delivery.transport import (
    Answer,
    Away,
    Blocked,
    Delivered,
    Failed,
    RetryAfter,
    Transport,
)
from backend.monitoring.metrics import record_delivery
from backend.notifications.models import OutboxStatus
from backend.notifications.service import set_blocked

log = logging.getLogger(__name__)
Clock = Callable[[], float]
KEEP_ENDED = timedelta(days=30)  # failed and blocked messages, for staff to look into


class OutboxSender(ChatQueues):
    """Sends due outbox rows of `transport.channel`, one chat at a time per chat."""

    def __init__(
        self,
        sessions: SessionFactory,
        transport: Transport,
        *,
        batch_size: int = 200,
        per_chat_batch: int = 10,
        max_bulk_chats: int = 200,
        max_attempts: int = 10,
        clock: Clock = time.monotonic,
        retry_base: float = 2.0,
        retry_cap: float = 600.0,
        lease_seconds: float = 60.0,
        keep_sent: timedelta = timedelta(days=7),
        wall_clock: WallClock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__()
        self._sessions = sessions
        self.transport = transport
        self.channel = transport.channel
        self._clock = clock  # monotonic: pacing, leases in memory
        self._wall = wall_clock  # the date: leases, retries, sent_at
        self._keep_sent = keep_sent
        self._pruned_at = -math.inf
        self._max_attempts = max_attempts
        self.retry_base, self._retry_cap = retry_base, retry_cap
        self._lease = timedelta(seconds=lease_seconds)
        self._rows = RowWriter(sessions, self.channel, self._lease, clock, wall_clock)
        self._due = DueRows(sessions, transport, wall_clock, batch_size, per_chat_batch)
        self._max_bulk_chats = max_bulk_chats

    async def run_once(self) -> int:
        """Deliver what is due now, waiting for pacing as needed; returns the number sent."""
        chats = await self._queue_due(await self._due.load())
        return sum(await asyncio.gather(*(self._run_chat(chat) for chat in chats)))

    def lease_for(self) -> timedelta | None:
        """How long rows a dialog step writes now are leased to this sender (`take`); None
        unless it is running."""
        return self._lease if self._stop is not None and not self._stop.is_set() else None

    def take(self, rows: Sequence[StepRow]) -> None:
        """Rows a step of this process just committed, leased to us: delivered without a claim.

        A chat whose messages are held up here (a retry, a lost lease) gets them back in the
        table instead, where they wait behind the held one."""
        at = self._clock()
        for row in rows:
            claimed = Claimed(row.id, row.recipient, row.text, row.payload, 1, at, marked=False)
            self._enqueue(row.recipient, row.id, claimed)

    async def run_forever(self, stop: asyncio.Event, idle_sleep: float = 0.25) -> None:
        """Deliver due messages until `stop` is set; database trouble is logged and waited out."""
        self._stop = stop
        failures = 0
        while not stop.is_set():
            self._wake.clear()
            try:
                await self._start_due()
                await self._prune()
                failures = 0
            except Exception:  # a database outage must not end the worker
                failures += 1
                log.exception("outbox %s: delivery round failed", self.channel.value)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), idle_sleep * 2 ** min(failures, 6))
        await self._finish_tasks()

    async def _start_due(self) -> None:
        """Start a task for every chat with due rows that has none running here."""
        await self._forget_clear_holds(self._due.pending_of)
        bulk = len(self._chats) < self._max_bulk_chats  # recall rows only while few chats run
        due = self._not_running(await self._due.load(bulk=bulk))
        for chat in await self._queue_due(due):
            self._start_chat(chat)

    async def _queue_due(self, due: list[tuple[int, str]]) -> list[str]:
        """Queue due rows per chat, the first of each chat claimed (all in one statement)."""
        chats: dict[str, list[int]] = {}
        for message_id, chat in due:
            chats.setdefault(chat, []).append(message_id)
        if not chats:
            return []
        firsts = await self._rows.claim([ids[0] for ids in chats.values()])
        for chat, ids in chats.items():
            self._merge_into_queue(chat, [(i, firsts.get(i)) for i in ids])
        return list(chats)

    async def _send_next(self, message_id: int, claimed: Claimed | None, chat: str) -> Outcome:
        """One queued row: claimed if it is not yet, delivered, its outcome recorded."""
        if claimed is None and not self._stopping():
            claimed = (await self._rows.claim([message_id])).get(message_id)
        outcome = await self._deliver(claimed, chat)
        if outcome is not Outcome.SKIPPED:
            record_delivery(self.channel, outcome.value)
        return outcome

    async def _hand_back_rows(self, rows: list[Claimed]) -> None:
        await asyncio.gather(*(self._hand_back(claimed) for claimed in rows))

    async def _prune(self) -> None:
        """Delete messages delivered longer than `keep_sent` ago, and failed or blocked ones
        older than `KEEP_ENDED`, every few minutes."""
        if self._clock() - self._pruned_at < 300:
            return
        self._pruned_at = self._clock()
        await prune_sent(self._sessions, self._keep_sent, self._wall.now())
        await prune_ended(self._sessions, KEEP_ENDED, self._wall.now())

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109 - a budget, not a cancel
        """Run rounds until nothing of the channel is pending or `timeout` seconds passed."""
        deadline = self._clock() + timeout
        total = 0
        while True:
            sent = await self.run_once()
            total += sent
            wait = await self._due.seconds_until_due()
            left = deadline - self._clock()
            if wait is None or left <= 0:
                return total
            if sent == 0 or wait > 0:
                await asyncio.sleep(min(max(wait, 0.05), 0.5, left))

    async def _deliver(self, claimed: Claimed | None, chat: str) -> Outcome:
        if claimed is None:
            return Outcome.SKIPPED
        if claimed.attempts > self._max_attempts:  # e.g. a sender died mid-send again and again
            await self._finish(claimed, status=OutboxStatus.FAILED, last_error="too many attempts")
            return Outcome.FAILED
        if claimed.started and claimed.payload.get("once"):
            return await self._unknown(claimed)
        if self._stopping():
            return await self._hand_back(claimed)
        bulk = bool(claimed.payload.get("bulk"))  # a recall: every other message goes first
        async with self.transport.pace(chat, bulk=bulk):  # held until the channel answered
            if self._stopping():
                return await self._hand_back(claimed)
            waited = self._clock() - claimed.claimed_at > self._lease.total_seconds() / 2
            unmarked = not claimed.marked and bool(claimed.payload.get("once"))
            renewed = self._wall.now() + self._lease
            if (waited or unmarked) and not await self._finish(
                claimed, next_attempt_at=renewed, external_message_id=SENDING
            ):
                return Outcome.SKIPPED  # lease lost to another sender
            answer = await self._send(claimed)
        return await self._record(claimed, answer)

    async def _send(self, claimed: Claimed) -> Answer:
        try:
            return await self.transport.send(claimed)
        except Exception as exc:  # a transport's own bug: retried with backoff, then failed
            log.exception("outbox %s: message %s raised", self.channel.value, claimed.id)
            return Failed(type(exc).__name__)

    async def _hand_back(self, claimed: Claimed) -> Outcome:
        """Release the row untouched (shutting down, or its recipient is not reachable here)."""
        await self._finish(
            claimed,
            attempts=claimed.attempts - 1,
            next_attempt_at=self._wall.now(),
            last_error=None,
        )
        return Outcome.SKIPPED

    async def _unknown(self, claimed: Claimed) -> Outcome:
        """A message that must not double whose last send may have arrived: not sent again."""
        error = "outcome unknown: not repeated"
        await self._finish(
            claimed, status=OutboxStatus.SENT, sent_at=self._wall.now(), last_error=error
        )
        return Outcome.SENT

    async def _record(self, claimed: Claimed, answer: Answer) -> Outcome:
        if isinstance(answer, Delivered):
            await self._finish(
                claimed,
                fenced=False,  # the channel has it: recorded even if our lease ran out meanwhile
                status=OutboxStatus.SENT,
                sent_at=self._wall.now(),
                external_message_id=answer.external_id,
            )
            return Outcome.SENT
        if isinstance(answer, RetryAfter):
            retry_at = self._wall.now() + timedelta(seconds=answer.seconds)
            await self._finish(
                claimed,
                attempts=claimed.attempts - 1,
                next_attempt_at=retry_at,
                last_error=answer.reason,
            )
            return Outcome.RETRY
        if isinstance(answer, Blocked):
            await self._mark_blocked(claimed, answer.reason)
            return Outcome.BLOCKED
        if isinstance(answer, Away):
            return await self._hand_back(claimed)
        if answer.permanent:
            await self._finish(claimed, status=OutboxStatus.FAILED, last_error=answer.reason)
            return Outcome.FAILED
        if answer.maybe_arrived and claimed.payload.get("once"):
            return await self._unknown(claimed)
        return await self._retry_later(claimed, answer.reason)

    async def _retry_later(self, claimed: Claimed, error: str) -> Outcome:
        if claimed.attempts >= self._max_attempts:
            await self._finish(claimed, status=OutboxStatus.FAILED, last_error=error)
            return Outcome.FAILED
        backoff = self.retry_base * 2 ** (claimed.attempts - 1) * random.uniform(0.8, 1.2)
        retry_at = self._wall.now() + timedelta(seconds=min(self._retry_cap, backoff))
        await self._finish(claimed, next_attempt_at=retry_at, last_error=error)
        return Outcome.RETRY

    async def _finish(self, claimed: Claimed, *, fenced: bool = True, **values: Any) -> bool:
        return await self._rows.finish(claimed, fenced=fenced, **values)

    async def _mark_blocked(self, claimed: Claimed, error: str) -> None:
        """The customer blocked us: stop every pending message to them and mark the identity."""
        async with self._sessions() as session, session.begin():
            await set_blocked(
                session, self.channel, claimed.chat, True, now=self._wall.now(), reason=error
            )
        log.info("outbox %s: a chat blocked us, its pending messages are stopped", self.channel)
