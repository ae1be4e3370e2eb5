"""Writing messages to the outbox in the caller's transaction, and marking them delivered."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.customers.models import Channel, ChannelIdentity, Customer
from backend.customers.service import customer_identities
from backend.notifications.models import OutboxMessage, OutboxStatus

_outbox = cast(Table, OutboxMessage.__table__)
_INSERT_RETURNING_ID = insert(_outbox).returning(_outbox.c.id)

# A message also handed to the customer directly is retried by the worker only after this delay.
DIRECT_REPLY_GRACE = timedelta(seconds=60)
# Messages stopped by a block are sent after an unblock only while they are this fresh.
RELEASE_AFTER_UNBLOCK = timedelta(days=1)


async def enqueue(
    session: AsyncSession,
    customer: Customer,
    *,
    now: datetime,
    kind: str,
    text: str,
    claim_id: int | None = None,
    payload: dict[str, Any] | None = None,
    channel: Channel | None = None,
    delay: timedelta | None = None,
) -> list[OutboxMessage]:
    """Queue `text` at `now` for the customer in `channel` (default: every channel but the API)."""
    messages = []
    for identity in await customer_identities(session, customer.id):
        if identity.channel in (Channel.API, Channel.TERMINAL) and channel != identity.channel:
            continue
        if channel is not None and identity.channel != channel:
            continue
        message = OutboxMessage(
            customer_id=customer.id,
            claim_id=claim_id,
            channel=identity.channel,
            recipient=identity.external_id,
            kind=kind,
            text=text,
            payload=payload or {},
            status=OutboxStatus.BLOCKED if identity.blocked else OutboxStatus.PENDING,
            next_attempt_at=now + (delay or timedelta()),
            created_at=now,
        )
        session.add(message)
        messages.append(message)
    await session.flush()
    return messages


async def enqueue_direct(
    session: AsyncSession,
    customer_id: int,
    channel: Channel,
    recipient: str,
    *,
    now: datetime,
    kind: str,
    text: str,
    claim_id: int | None = None,
) -> int:
    """Queue `text` for the chat the customer is writing from now; the new message's id.

    The dialog hands the same text over at once and marks the row delivered; the outbox worker
    sends it only if that did not happen within `DIRECT_REPLY_GRACE`. The customer is writing,
    so the chat is not blocked.
    """
    return await _insert(
        session, customer_id, channel, recipient, kind, text, now + DIRECT_REPLY_GRACE, claim_id
    )


async def _insert(
    session: AsyncSession,
    customer_id: int | None,
    channel: Channel,
    recipient: str,
    kind: str,
    text: str,
    due: datetime,
    claim_id: int | None = None,
) -> int:
    """One pending plain-text row, due at `due`; its id."""
    message_id = await (await session.connection()).scalar(
        _INSERT_RETURNING_ID,
        {
            "customer_id": customer_id,
            "claim_id": claim_id,
            "channel": channel,
            "recipient": recipient,
            "kind": kind,
            "text": text,
            "payload": {},
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": due,
            "created_at": due,
        },
    )
    return int(message_id)


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
    return await _insert(session, None, channel, recipient, kind, text, now)


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
