"""Writing messages to the outbox in the caller's transaction, and marking them delivered."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.customers.models import Channel, ChannelIdentity, Customer
from backend.customers.service import customer_identities
from backend.db.notify import publish
from backend.notifications.models import OutboxMessage, OutboxStatus

_outbox = cast(Table, OutboxMessage.__table__)
_INSERT_RETURNING_ID = insert(_outbox).returning(_outbox.c.id)

# A message also handed to the customer directly is retried by the worker only after this delay.
DIRECT_REPLY_GRACE = timedelta(seconds=60)
# Messages stopped by a block are sent after an unblock only while they are this fresh.
RELEASE_AFTER_UNBLOCK = timedelta(days=1)


async def enqueue(
    session: AsyncSession,
    customer: Customer | int | None,
    *,
    now: datetime,
    kind: str,
    text: str,
    claim_id: int | None = None,
    payload: dict[str, Any] | None = None,
    channel: Channel | None = None,
    recipient: str | None = None,
    delay: timedelta | None = None,
) -> list[int]:
    """Queue `text` at `now` for the customer; the new messages' ids (no commit).

    With `recipient` (and `channel`) it goes to that one chat, the one the customer is writing
    from: the dialog hands the same text over at once and marks the row delivered, so it passes
    `delay=DIRECT_REPLY_GRACE` and the outbox worker sends it only if that did not happen.
    A chat that belongs to no customer (a group) gets `customer=None` and its `recipient`.
    Otherwise it goes to each of the customer's identities in `channel` (default: every channel
    but the API and the terminal), stopped where the customer blocked the chat.
    """
    customer_id = customer.id if isinstance(customer, Customer) else customer
    due = now + (delay or timedelta())
    if recipient is not None or customer_id is None:
        assert channel is not None and recipient is not None, "a direct message names its chat"
        targets = [(channel, recipient, False)]
    else:
        targets = [
            (identity.channel, identity.external_id, identity.blocked)
            for identity in await customer_identities(session, customer_id)
            if (channel is None and identity.channel not in (Channel.API, Channel.TERMINAL))
            or identity.channel == channel
        ]
    connection = await session.connection()
    ids = []
    for target_channel, target, blocked in targets:
        row = _row(customer_id, target_channel, target, kind, text, due, now, claim_id, payload)
        row["status"] = OutboxStatus.BLOCKED if blocked else OutboxStatus.PENDING
        ids.append(int(await connection.scalar(_INSERT_RETURNING_ID, row)))
    # The senders of every process hear of the new rows when the transaction commits.
    for woken in {target_channel for target_channel, _, blocked in targets if not blocked}:
        await publish(session, "outbox", woken.value)
    return ids


def _row(
    customer_id: int | None,
    channel: Channel,
    recipient: str,
    kind: str,
    text: str,
    due: datetime,
    now: datetime,
    claim_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The values of one pending outbox row, due at `due`."""
    return {
        "customer_id": customer_id,
        "claim_id": claim_id,
        "channel": channel,
        "recipient": recipient,
        "kind": kind,
        "text": text,
        "payload": payload or {},
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": due,
        "created_at": now,
    }


async def mark_delivered(
    session: AsyncSession, outbox_id: int, external_id: str = "", *, now: datetime
) -> bool:
    """Mark one pending message sent (by a direct reply); False if it was already handled."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENT, sent_at=now, external_message_id=external_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def enqueue_plain(
    session: AsyncSession, channel: Channel, recipient: str, *, now: datetime, kind: str, text: str
) -> int:
    """Queue `text` for a chat that belongs to no customer (a group); the new message's id."""
    (message_id,) = await enqueue(
        session, None, now=now, kind=kind, text=text, channel=channel, recipient=recipient
    )
    return message_id


async def set_blocked(
    session: AsyncSession,
    channel: Channel,
    recipient: str,
    blocked: bool,
    *,
    now: datetime,
    reason: str = "blocked by the user",
) -> int:
    """Mark a chat blocked (its pending messages stop) or unblocked (recent stopped ones go
    again); the number of messages stopped or released."""
    await session.execute(
        update(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == recipient)
        .values(blocked=blocked)
    )
    rows = update(OutboxMessage).where(
        OutboxMessage.channel == channel, OutboxMessage.recipient == recipient
    )
    if blocked:
        rows = rows.where(OutboxMessage.status == OutboxStatus.PENDING).values(
            status=OutboxStatus.BLOCKED, last_error=reason
        )
    else:
        rows = rows.where(
            OutboxMessage.status == OutboxStatus.BLOCKED,
            OutboxMessage.created_at > now - RELEASE_AFTER_UNBLOCK,
        ).values(status=OutboxStatus.PENDING, next_attempt_at=now, last_error=None)
    result = await session.execute(rows, execution_options={"synchronize_session": False})
    return int(getattr(result, "rowcount", 0) or 0)
