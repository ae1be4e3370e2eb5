"""The sender's transactions on outbox rows: claim a lease, record an outcome, prune.

A claim leases rows (moves `next_attempt_at` forward and counts the attempt) in one short
transaction: `FOR UPDATE SKIP LOCKED` on PostgreSQL, one atomic `UPDATE ... RETURNING` on SQLite.
An outcome is written only while the attempt count still matches the claim's (the lease is ours).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import DBAPIError

from backend.db.base import utcnow
from backend.db.session import SessionFactory
from backend.notifications.models import OutboxMessage, OutboxStatus
from bot.outbox_rows import LOST, NO_SYNC, PENDING_TELEGRAM, SENDING, Claimed, earlier_in_chat
from bot.rate_limit import Clock


async def claim_rows(
    sessions: SessionFactory, ids: list[int], lease_for: timedelta, clock: Clock
) -> dict[int, Claimed]:
    """Lease those of `ids` that are due and next in their chat, in one short transaction."""
    now = utcnow()
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


async def finish_row(
    sessions: SessionFactory, claimed: Claimed, *, fenced: bool = True, **values: Any
) -> bool:
    """Record an outcome for a row still under our lease; retried while the database is busy."""
    statement = update(OutboxMessage).where(OutboxMessage.id == claimed.id, *PENDING_TELEGRAM)
    if fenced:  # the attempt count we claimed with proves the lease is still ours
        statement = statement.where(OutboxMessage.attempts == claimed.attempts)
    statement = statement.values({"external_message_id": None, **values})
    for retry in range(4):
        try:
            async with sessions() as session, session.begin():
                result = await session.execute(statement, execution_options=NO_SYNC)
            return bool(getattr(result, "rowcount", 0))
        except DBAPIError:
            if retry == 3:
                raise
            await asyncio.sleep(0.1 * 2**retry)
    return False


async def prune_sent(sessions: SessionFactory, keep: timedelta) -> None:
    """Delete messages delivered more than `keep` ago: the pending ones are what rounds read."""
    cutoff = utcnow() - keep
    async with sessions() as session, session.begin():
        await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff
            ),
            execution_options=NO_SYNC,
        )
