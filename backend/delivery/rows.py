"""What a sender knows about an outbox row: its lease, outcomes, order in its chat.

The queries here decide which rows of one channel may go now (per chat, in id order: nothing
overtakes an earlier message that is due or under way); `backend.delivery.sender` sends them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Subquery, exists, func, or_, select
from sqlalchemy.orm import aliased

from backend.customers.models import Channel
from backend.notifications.models import OutboxMessage, OutboxStatus

NO_SYNC = {"synchronize_session": False}
# Kinds of rows sent in bulk (a recall notice): they give way to every other message.
BULK_KINDS = ("recall",)


def pending(channel: Channel) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """The conditions of a row of `channel` that is still to be delivered."""
    return (OutboxMessage.channel == channel, OutboxMessage.status == OutboxStatus.PENDING)


class Outcome(enum.Enum):
    """What became of one delivery attempt."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"  # another sender holds it, or an earlier message must go first


@dataclass(frozen=True)
class Claimed:
    """A row this sender holds the lease of."""

    id: int
    chat: str
    text: str
    payload: dict[str, Any]
    attempts: int
    claimed_at: float
    started: bool = False  # an earlier attempt was under way with no outcome recorded
    marked: bool = True  # the row says "sending" (a claim does; a row taken from a step not yet)
    kind: str = ""


# In place of the channel's message id while a send is under way; found again by the next
# claim, it means that attempt ended with no outcome recorded.
SENDING = "sending"
LOST = f"{SENDING}-lost"


def earlier_in_chat(channel: Channel, now: Any) -> ColumnElement[bool]:
    """An earlier pending message to the same chat that is due or under way: it goes first."""
    earlier = aliased(OutboxMessage)
    return exists().where(
        earlier.channel == channel,
        earlier.status == OutboxStatus.PENDING,
        earlier.recipient == OutboxMessage.recipient,
        earlier.id < OutboxMessage.id,
        or_(earlier.next_attempt_at <= now, earlier.attempts > 0, earlier.last_error.is_not(None)),
    )


def held_chats(channel: Channel, now: Any) -> Subquery:
    """Per chat, the first pending message in flight or backing off; later ones wait for it."""
    started = or_(OutboxMessage.attempts > 0, OutboxMessage.last_error.is_not(None))
    return (
        select(OutboxMessage.recipient.label("chat"), func.min(OutboxMessage.id).label("first_id"))
        .where(*pending(channel), OutboxMessage.next_attempt_at > now, started)
        .group_by(OutboxMessage.recipient)
        .subquery()
    )


class StepRow(Protocol):
    """An outbox row a dialog step of this process just committed."""

    @property
    def id(self) -> int: ...
    @property
    def recipient(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def payload(self) -> dict[str, Any]: ...
