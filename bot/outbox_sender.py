"""Delivery of pending Telegram outbox messages through the Bot API, within Telegram's limits.

Each message goes: claim -> rate-limit slot -> sendMessage -> outcome, with the claim and the
outcome in two separate short transactions (shared with other chats' claims and outcomes that
come at the same moment, `bot.outbox_store`). The claim takes a lease on the row (moves
`next_attempt_at` forward and counts the attempt), so no other sender process picks it up while
it is in flight; PostgreSQL claims with `FOR UPDATE SKIP LOCKED`, SQLite with one atomic UPDATE.
A message is claimed only while no earlier message to the same chat is pending and due or under
way, so each chat sees its messages in id order, even with several senders. Delivery is
at-least-once: a sender that dies between Telegram's answer and the outcome commit sends that row
again when the lease expires, except a row marked `once` (a claim confirmation): when an
attempt of it ended with no outcome recorded, or timed out after leaving, it is recorded as sent
("outcome unknown") rather than risk telling the customer twice.

The sender runs continuously: each chat with due rows gets its own task that sends the chat's
rows one after another, so at most one message per chat is in flight and a slow or rate-limited
chat holds only itself. `wake` starts a round at once (the engine calls it after committing
replies); otherwise a round runs every `idle_sleep` seconds, which is how rows written by other
processes are found, and costs only the pending rows (a partial index; sent rows are deleted
after `keep_sent`). Pacing: in-process a `RateLimiter` (global rate, per chat a short burst then
one a second); across processes on PostgreSQL a `SharedBudget` row hands out the global
departure slots, so every `serve` process on one database together stays within
`global_per_second`.

Outcomes: accepted -> `sent` with the Telegram message_id; 429 -> retried after the full
`retry_after` (not counted as an attempt), that chat pauses for it and the others for at most a
second; 5xx, network errors and timeouts -> exponential backoff, `failed` after `max_attempts`;
403 -> the row and every other pending Telegram row of that chat become `blocked` and the
channel identity is marked blocked; other 4xx -> `failed` at once.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import math
import random
import time
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from sqlalchemy import func, or_, select

from backend.clock import SYSTEM_CLOCK
from backend.clock import Clock as WallClock
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.monitoring.metrics import record_delivery, record_rate_limited
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.notifications.service import set_blocked
from bot.budget import SharedBudget
from bot.outbox_rows import (
    INVALID_ROW,
    PENDING_TELEGRAM,
    PERMANENT,
    SENDING,
    TRANSIENT,
    Claimed,
    Outcome,
    describe,
    held_chats,
    outcome_unknown,
)
from bot.outbox_store import RowWriter, pending_chats, prune_sent
from bot.rate_limit import Clock, RateLimiter
from bot.render import Sent, send_row
from dialogs.outbox_replies import QueuedRow

log = logging.getLogger(__name__)


class TelegramOutboxSender:
    """Sends due Telegram outbox rows with `bot`, paced by a `RateLimiter`."""

    def __init__(
        self,
        sessions: SessionFactory,
        bot: Bot,
        *,
        global_per_second: float = 30.0,
        per_chat_interval: float = 1.0,
        batch_size: int = 200,
        max_attempts: int = 10,
        clock: Clock = time.monotonic,
        retry_base: float = 2.0,
        retry_cap: float = 600.0,
        lease_seconds: float = 60.0,
        send_timeout: int = 20,
        per_chat_burst: int = 3,
        budget: SharedBudget | None = None,
        keep_sent: timedelta = timedelta(days=7),
        wall_clock: WallClock = SYSTEM_CLOCK,
    ) -> None:
        self._sessions = sessions
        self._bot = bot
        self._clock = clock  # monotonic: pacing and budgets
        self._wall = wall_clock  # the date: leases, retries, sent_at
        self.limiter = RateLimiter(
            global_per_second, per_chat_interval, per_key_burst=per_chat_burst, clock=clock
        )
        self.budget = budget
        self._keep_sent = keep_sent
        self._wake = asyncio.Event()
        self._chats: dict[str, asyncio.Task[int]] = {}
        # Per chat, the rows to deliver next in id order: claimed ones, or ids to claim first.
        self._queues: dict[str, list[tuple[int, Claimed | None]]] = {}
        self._held: set[str] = set()  # chats whose messages wait in the table behind one
        self._behind: set[str] = set()  # chats with due rows found while their task ran
        self._releasing: set[asyncio.Task[None]] = set()
        self._pruned_at = -math.inf
        self._batch_size = batch_size
        # A batch should take about as long per chat as it takes overall: no chat hogs it.
        batch_seconds = batch_size / self.limiter.effective_rate
        self._per_chat_batch = max(1, math.ceil(batch_seconds / self.limiter.key_spacing))
        self._max_attempts = max_attempts
        self.retry_base, self._retry_cap = retry_base, retry_cap
        self._lease = timedelta(seconds=lease_seconds)
        self._rows = RowWriter(sessions, self._lease, clock, wall_clock)
        self._send_timeout = send_timeout
        self._stop: asyncio.Event | None = None

    async def run_once(self) -> int:
        """Deliver what is due now, waiting for rate limits as needed; returns the number sent."""
        chats = await self._queue_due(await self._load_due())
        return sum(await asyncio.gather(*(self._run_chat(chat) for chat in chats)))

    @property
    def busy(self) -> bool:
        """Whether messages of some chat are under way (or waiting for their slot) here."""
        return bool(self._chats)

    def wake(self) -> None:
        """Look for due messages now (new rows were just committed)."""
        self._wake.set()

    def lease_for(self) -> timedelta | None:
        """How long rows a dialog step writes now are leased to this sender (`take`); None
        unless it is running."""
        return self._lease if self._stop is not None and not self._stop.is_set() else None

    def take(self, rows: list[QueuedRow]) -> None:
        """Rows a step of this process just committed, leased to us: delivered without a claim.

        A chat whose messages are held up here (a retry, a lost lease) gets them back in the
        table instead, where they wait behind the held one."""
        at = self._clock()
        for row in rows:
            claimed = Claimed(row.id, row.recipient, row.text, row.payload, 1, at, marked=False)
            if row.recipient in self._held:
                self._release([claimed])
                continue
            bisect.insort(self._queues.setdefault(row.recipient, []), (row.id, claimed), key=_id)
            if row.recipient not in self._chats:
                self._start_chat(row.recipient)

    def queue(self, chat: str, ids: list[int]) -> None:
        """Rows for `chat` this process just committed, not leased: claimed in their turn."""
        if self._stop is None or self._stop.is_set() or chat in self._held:
            self.wake()
            return
        queue = self._queues.setdefault(chat, [])
        for message_id in ids:
            bisect.insort(queue, (message_id, None), key=_id)
        if chat not in self._chats:
            self._start_chat(chat)

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
                log.exception("telegram outbox: delivery round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), idle_sleep * 2 ** min(failures, 6))
        while self._chats or self._releasing:
            await asyncio.gather(*self._chats.values(), *self._releasing, return_exceptions=True)

    async def _start_due(self) -> None:
        """Start a task for every chat with due rows that has none running here."""
        if self._held:  # chats held up here go straight to their task again once clear
            held = set(self._held)
            self._held -= held - await pending_chats(self._sessions, held)
        due = []
        for message_id, chat in await self._load_due():
            if chat in self._chats:
                self._behind.add(chat)  # look again when its task is done
            else:
                due.append((message_id, chat))
        for chat in await self._queue_due(due):
            if chat not in self._chats:
                self._start_chat(chat)

    async def _queue_due(self, due: list[tuple[int, str]]) -> list[str]:
        """Queue due rows per chat, the first of each chat claimed (all in one statement)."""
        chats: dict[str, list[int]] = {}
        for message_id, chat in due:
            chats.setdefault(chat, []).append(message_id)
        if not chats:
            return []
        firsts = await self._claim([ids[0] for ids in chats.values()])
        for chat, ids in chats.items():
            queue = self._queues.setdefault(chat, [])
            for message_id in ids:
                if all(queued != message_id for queued, _ in queue):
                    bisect.insort(queue, (message_id, firsts.get(message_id)), key=_id)
        return list(chats)

    def _start_chat(self, chat: str) -> None:
        task = asyncio.create_task(self._run_chat(chat), name="telegram-outbox-chat")
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
                    if claimed is None and not self._stopping():
                        claimed = (await self._claim([message_id])).get(message_id)
                    outcome = await self._deliver(claimed, chat)
                except Exception:  # the row keeps its lease and is retried when it expires
                    log.exception("telegram outbox: message %s not delivered", message_id)
                if outcome is not None and outcome is not Outcome.SKIPPED:
                    record_delivery(Channel.TELEGRAM, outcome.value)
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
            await asyncio.gather(*(self._hand_back(claimed) for claimed in rows))
        except Exception:  # their leases run out and any sender takes them then
            log.exception("telegram outbox: could not hand rows back")
        self._wake.set()

    async def _prune(self) -> None:
        """Delete messages delivered longer than `keep_sent` ago, every few minutes."""
        if self._clock() - self._pruned_at < 300:
            return
        self._pruned_at = self._clock()
        await prune_sent(self._sessions, self._keep_sent, self._wall.now())

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109 - a budget, not a cancel
        """Run rounds until no Telegram message is pending or `timeout` seconds passed."""
        deadline = self._clock() + timeout
        total = 0
        while True:
            sent = await self.run_once()
            total += sent
            wait = await self._seconds_until_due()
            left = deadline - self._clock()
            if wait is None or left <= 0:
                return total
            if sent == 0 or wait > 0:
                await asyncio.sleep(min(max(wait, 0.05), 0.5, left))

    async def _load_due(self) -> list[tuple[int, str]]:
        now = self._wall.now()
        chat, order = OutboxMessage.recipient, OutboxMessage.id
        rank = func.row_number().over(partition_by=chat, order_by=order)
        held = held_chats(now)  # a join, not a correlated NOT EXISTS: linear on SQLite too
        ranked = (
            select(OutboxMessage.id, OutboxMessage.recipient, rank.label("rank"))
            .outerjoin(held, held.c.chat == OutboxMessage.recipient)
            .where(*PENDING_TELEGRAM, OutboxMessage.next_attempt_at <= now)
            .where(or_(held.c.first_id.is_(None), OutboxMessage.id < held.c.first_id))
            .subquery()
        )
        query = (
            select(ranked.c.id, ranked.c.recipient)
            .where(ranked.c.rank <= self._per_chat_batch)
            .order_by(ranked.c.id)
            .limit(self._batch_size)
        )
        async with self._sessions() as session:
            return [(row.id, row.recipient) for row in await session.execute(query)]

    async def _seconds_until_due(self) -> float | None:
        query = select(func.min(OutboxMessage.next_attempt_at)).where(*PENDING_TELEGRAM)
        async with self._sessions() as session:
            first = await session.scalar(query)
        return None if first is None else max(0.0, (first - self._wall.now()).total_seconds())

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
        async with self.limiter.slot(chat):  # held until Telegram answered
            if self._stopping():
                return await self._hand_back(claimed)
            waited = self._clock() - claimed.claimed_at > self._lease.total_seconds() / 2
            unmarked = not claimed.marked and bool(claimed.payload.get("once"))
            renewed = self._wall.now() + self._lease
            if (waited or unmarked) and not await self._finish(
                claimed, next_attempt_at=renewed, external_message_id=SENDING
            ):
                return Outcome.SKIPPED  # lease lost to another sender
            if self.budget is not None:
                await self.budget.take()
            answer = await self._send(claimed)
        return await self._record(claimed, answer)

    def _stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    async def _hand_back(self, claimed: Claimed) -> Outcome:
        """Shutting down: release the row untouched rather than letting its lease run out."""
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

    async def _send(self, claimed: Claimed) -> Sent | Exception:
        try:
            return await send_row(
                self._bot, claimed.chat, claimed.text, claimed.payload, self._send_timeout
            )
        except (*TRANSIENT, *INVALID_ROW) as exc:  # every aiogram error is an AiogramError
            return exc

    async def _record(self, claimed: Claimed, answer: Sent | Exception) -> Outcome:
        if isinstance(answer, TelegramRetryAfter):
            record_rate_limited()
            self.limiter.pause_key(claimed.chat, answer.retry_after)
            self.limiter.pause(min(answer.retry_after, 1.0))
            retry_at = self._wall.now() + timedelta(seconds=answer.retry_after)
            error = f"429: retry after {answer.retry_after}s"
            await self._finish(
                claimed, attempts=claimed.attempts - 1, next_attempt_at=retry_at, last_error=error
            )
            return Outcome.RETRY
        if isinstance(answer, TelegramForbiddenError):
            await self._mark_blocked(claimed, describe(answer))
            return Outcome.BLOCKED
        if isinstance(answer, (*PERMANENT, *INVALID_ROW)):
            await self._finish(claimed, status=OutboxStatus.FAILED, last_error=describe(answer))
            return Outcome.FAILED
        if (
            isinstance(answer, Exception)
            and claimed.payload.get("once")
            and outcome_unknown(answer)
        ):
            return await self._unknown(claimed)
        if isinstance(answer, Exception):
            return await self._retry_later(claimed, describe(answer))
        await self._finish(
            claimed,
            fenced=False,  # Telegram has it: record that even if our lease ran out meanwhile
            status=OutboxStatus.SENT,
            sent_at=self._wall.now(),
            external_message_id=str(answer.message_id),
        )
        return Outcome.SENT

    async def _retry_later(self, claimed: Claimed, error: str) -> Outcome:
        if claimed.attempts >= self._max_attempts:
            await self._finish(claimed, status=OutboxStatus.FAILED, last_error=error)
            return Outcome.FAILED
        backoff = self.retry_base * 2 ** (claimed.attempts - 1) * random.uniform(0.8, 1.2)
        retry_at = self._wall.now() + timedelta(seconds=min(self._retry_cap, backoff))
        await self._finish(claimed, next_attempt_at=retry_at, last_error=error)
        return Outcome.RETRY

    async def _claim(self, ids: list[int]) -> dict[int, Claimed]:
        return await self._rows.claim(ids)

    async def _finish(self, claimed: Claimed, *, fenced: bool = True, **values: Any) -> bool:
        return await self._rows.finish(claimed, fenced=fenced, **values)

    async def _mark_blocked(self, claimed: Claimed, error: str) -> None:
        """The user blocked the bot: stop every pending message to them and mark the identity."""
        async with self._sessions() as session, session.begin():
            await set_blocked(
                session, Channel.TELEGRAM, claimed.chat, True, now=self._wall.now(), reason=error
            )
        log.info("telegram outbox: a chat blocked the bot, its pending messages are stopped")


def _id(item: tuple[int, Claimed | None]) -> int:
    return item[0]
