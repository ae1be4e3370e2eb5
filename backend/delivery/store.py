"""A sender's transactions on outbox rows: claim a lease, record an outcome, prune.

A claim leases rows (moves `next_attempt_at` forward and counts the attempt) in one short
transaction: `FOR UPDATE SKIP LOCKED` on PostgreSQL, one atomic `UPDATE ... RETURNING` on SQLite.
An outcome is written only while the attempt count still matches the claim's (the lease is ours).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.clock import Clock as WallClock
from backend.customers.models import Channel
from backend.db.batching import BatchQueue
from backend.db.direct import DirectStatement
from backend.db.prune import delete_in_chunks
from backend.db.session import SessionFactory
from backend.delivery.rows import LOST, NO_SYNC, SENDING, Claimed, earlier_in_chat, pending
from backend.notifications.models import OutboxMessage, OutboxStatus

_outbox = cast(Table, OutboxMessage.__table__)
Clock = Callable[[], float]
# A delivered message, for many rows in one executemany (outcomes of different chats that come
# together): the channel has it, so it is recorded even if the lease ran out meanwhile.
_SENT = DirectStatement(
    update(_outbox)
    .where(_outbox.c.id == bindparam("b_id"), _outbox.c.status == OutboxStatus.PENDING)
    .values(
        status=OutboxStatus.SENT,
        sent_at=bindparam("b_sent_at", type_=_outbox.c.sent_at.type),
        external_message_id=bindparam("b_external"),
    )
)
SENT_FIELDS = {"status", "sent_at", "external_message_id"}


def _is_sent(item: Finish) -> bool:
    _, fenced, values = item
    return not fenced and values.keys() == SENT_FIELDS and values["status"] is OutboxStatus.SENT


async def claim_rows(
    sessions: SessionFactory,
    channel: Channel,
    ids: list[int],
    lease_for: timedelta,
    clock: Clock,
    now: datetime,
) -> dict[int, Claimed]:
    """Lease those of `ids` that are due and next in their chat, in one short transaction."""
    due = (
        OutboxMessage.id.in_(ids),
        *pending(channel),
        OutboxMessage.next_attempt_at <= now,
        ~earlier_in_chat(channel, now),
    )
    message = OutboxMessage
    # "sending" in place of Telegram's message id marks the attempt under way; finding it
    # still there, the last attempt ended with no outcome recorded.
    lost = LOST
    mark = case((message.external_message_id.in_([SENDING, lost]), lost), else_=SENDING)
    lease = {
        "next_attempt_at": now + lease_for,
        "attempts": OutboxMessage.attempts + 1,
        "external_message_id": mark,
    }
    columns = (
        message.id,
        message.recipient,
        message.text,
        message.payload,
        message.attempts,
        message.external_message_id,
        message.kind,
    )
    async with sessions() as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            locked = select(*columns).where(*due).with_for_update(skip_locked=True)
            rows = (await session.execute(locked)).all()
            taken = update(OutboxMessage).where(OutboxMessage.id.in_([r.id for r in rows]))
            if rows:
                await session.execute(taken.values(lease), execution_options=NO_SYNC)
            counted, started = 1, {SENDING, lost}  # the rows were read before the update
        else:
            claim = update(OutboxMessage).where(*due).values(lease).returning(*columns)
            rows = (await session.execute(claim, execution_options=NO_SYNC)).all()
            counted, started = 0, {lost}
    at = clock()
    return {
        r.id: Claimed(
            r.id,
            r.recipient,
            r.text,
            r.payload or {},
            r.attempts + counted,
            at,
            r.external_message_id in started,
            kind=r.kind,
        )
        for r in rows
    }


Finish = tuple[Claimed, bool, dict[str, Any]]


_FINISHES: dict[tuple[bool, frozenset[str]], DirectStatement] = {}


def _finish_statement(
    claimed: Claimed, fenced: bool, values: dict[str, Any]
) -> tuple[DirectStatement, dict[str, Any]]:
    """The outcome's UPDATE and its parameters; one statement per shape of outcome, built once
    (and compiled once) however many rows it records."""
    values = {"external_message_id": None, **values}
    shape = (fenced, frozenset(values))
    statement = _FINISHES.get(shape)
    if statement is None:
        outcome = update(_outbox).where(
            _outbox.c.id == bindparam("b_id"), _outbox.c.status == OutboxStatus.PENDING
        )
        if fenced:  # the attempt count we claimed with proves the lease is still ours
            outcome = outcome.where(_outbox.c.attempts == bindparam("b_attempts"))
        columns = {name: bindparam(f"v_{name}", type_=_outbox.c[name].type) for name in values}
        statement = _FINISHES[shape] = DirectStatement(outcome.values(columns))
    parameters = {f"v_{name}": value for name, value in values.items()}
    parameters["b_id"] = claimed.id
    if fenced:
        parameters["b_attempts"] = claimed.attempts
    return statement, parameters


class RowWriter:
    """Claims and outcomes of many chats' messages, those that come together in one
    transaction (group commit, as the engine does for dialog steps)."""

    def __init__(
        self,
        sessions: SessionFactory,
        channel: Channel,
        lease: timedelta,
        clock: Clock,
        wall: WallClock,
    ) -> None:
        self._sessions, self._lease, self._clock, self._wall = sessions, lease, clock, wall
        self._channel = channel
        self._claims: BatchQueue[list[int], dict[int, Claimed]] = BatchQueue(
            self._claim_batch, max_batch=200
        )
        self._finishes: BatchQueue[Finish, bool] = BatchQueue(self._finish_batch, max_batch=200)

    async def claim(self, ids: list[int]) -> dict[int, Claimed]:
        """Lease those of `ids` that are due and next in their chat."""
        return await self._claims.submit(ids)

    async def finish(self, claimed: Claimed, *, fenced: bool = True, **values: Any) -> bool:
        """Record an outcome for a row still under our lease (unless not `fenced`)."""
        return await self._finishes.submit((claimed, fenced, values))

    async def _claim_batch(self, batches: list[list[int]]) -> list[dict[int, Claimed]]:
        ids = [message_id for batch in batches for message_id in batch]
        now = self._wall.now()
        taken = await claim_rows(self._sessions, self._channel, ids, self._lease, self._clock, now)
        return [{i: taken[i] for i in batch if i in taken} for batch in batches]

    async def _finish_batch(self, items: list[Finish]) -> list[bool]:
        """The outcomes in one transaction; retried while the database is busy."""
        sent = [
            {
                "b_id": claimed.id,
                "b_sent_at": values["sent_at"],
                "b_external": values["external_message_id"],
            }
            for claimed, fenced, values in items
            if _is_sent((claimed, fenced, values))
        ]
        others = [
            (n, _finish_statement(*item)) for n, item in enumerate(items) if not _is_sent(item)
        ]
        engine: AsyncEngine = self._sessions.kw["bind"]
        for retry in range(4):
            try:
                found = [True] * len(items)
                # A Core transaction: no ORM object is read or written, and an ORM session's
                # own bookkeeping would double the cost of a batch of a few outcomes.
                async with engine.begin() as connection:
                    await _SENT.execute(connection, sent)
                    for n, (statement, parameters) in others:
                        found[n] = bool(await statement.execute(connection, [parameters]))
                return found
            except DBAPIError:
                if retry == 3:
                    raise
                await asyncio.sleep(0.1 * 2**retry)
        return [False] * len(items)


async def prune_sent(sessions: SessionFactory, keep: timedelta, now: datetime) -> int:
    """Delete messages delivered more than `keep` ago, oldest first, a chunk at a time (an
    index holds only delivered rows by delivery time); how many."""
    old = [_outbox.c.status == OutboxStatus.SENT, _outbox.c.sent_at < now - keep]
    return await delete_in_chunks(sessions, _outbox, old, _outbox.c.sent_at)


async def prune_ended(sessions: SessionFactory, keep: timedelta, now: datetime) -> int:
    """Delete failed and blocked messages written more than `keep` ago (an index holds only
    those); how many."""
    ended = _outbox.c.status.in_([OutboxStatus.FAILED, OutboxStatus.BLOCKED])
    old = [ended, _outbox.c.created_at < now - keep]
    return await delete_in_chunks(sessions, _outbox, old, _outbox.c.created_at)


async def pending_chats(sessions: SessionFactory, channel: Channel, chats: set[str]) -> set[str]:
    """Those of `chats` that still have messages of `channel` pending."""
    query = (
        select(OutboxMessage.recipient)
        .where(*pending(channel), OutboxMessage.recipient.in_(list(chats)))
        .distinct()
    )
    async with sessions() as session:
        return set((await session.scalars(query)).all())
