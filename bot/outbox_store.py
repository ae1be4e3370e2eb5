"""The sender's transactions on outbox rows: claim a lease, record an outcome, prune.

A claim leases rows (moves `next_attempt_at` forward and counts the attempt) in one short
transaction: `FOR UPDATE SKIP LOCKED` on PostgreSQL, one atomic `UPDATE ... RETURNING` on SQLite.
An outcome is written only while the attempt count still matches the claim's (the lease is ours).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import DBAPIError

from backend.clock import Clock as WallClock
from backend.db.session import SessionFactory
from backend.notifications.models import OutboxMessage, OutboxStatus
from bot.outbox_rows import LOST, NO_SYNC, PENDING_TELEGRAM, SENDING, Claimed, earlier_in_chat
from bot.rate_limit import Clock
from dialogs.batching import BatchQueue


async def claim_rows(
    sessions: SessionFactory, ids: list[int], lease_for: timedelta, clock: Clock, now: datetime
) -> dict[int, Claimed]:
    """Lease those of `ids` that are due and next in their chat, in one short transaction."""
    due = (
        OutboxMessage.id.in_(ids),
        *PENDING_TELEGRAM,
        OutboxMessage.next_attempt_at <= now,
        ~earlier_in_chat(now),
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
        )
        for r in rows
    }


def _finish_statement(claimed: Claimed, fenced: bool, values: dict[str, Any]) -> Any:
    statement = update(OutboxMessage).where(OutboxMessage.id == claimed.id, *PENDING_TELEGRAM)
    if fenced:  # the attempt count we claimed with proves the lease is still ours
        statement = statement.where(OutboxMessage.attempts == claimed.attempts)
    return statement.values({"external_message_id": None, **values})


Finish = tuple[Claimed, bool, dict[str, Any]]


class RowWriter:
    """Claims and outcomes of many chats' messages, those that come together in one
    transaction (group commit, as the engine does for dialog steps)."""

    def __init__(
        self, sessions: SessionFactory, lease: timedelta, clock: Clock, wall: WallClock
    ) -> None:
        self._sessions, self._lease, self._clock, self._wall = sessions, lease, clock, wall
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
        taken = await claim_rows(self._sessions, ids, self._lease, self._clock, self._wall.now())
        return [{i: taken[i] for i in batch if i in taken} for batch in batches]

    async def _finish_batch(self, items: list[Finish]) -> list[bool]:
        """The outcomes in one transaction; retried while the database is busy."""
        statements = [_finish_statement(*item) for item in items]
        for retry in range(4):
            try:
                async with self._sessions() as session, session.begin():
                    results = [
                        await session.execute(statement, execution_options=NO_SYNC)
                        for statement in statements
                    ]
                return [bool(getattr(result, "rowcount", 0)) for result in results]
            except DBAPIError:
                if retry == 3:
                    raise
                await asyncio.sleep(0.1 * 2**retry)
        return [False] * len(items)


async def prune_sent(sessions: SessionFactory, keep: timedelta, now: datetime) -> None:
    """Delete messages delivered more than `keep` ago: the pending ones are what rounds read."""
    cutoff = now - keep
    async with sessions() as session, session.begin():
        await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff
            ),
            execution_options=NO_SYNC,
        )
