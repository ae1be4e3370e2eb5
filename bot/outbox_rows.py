"""What the Telegram outbox sender knows about a row: its lease, outcomes, errors, order.

The queries here decide which rows may go now (per chat, in id order: nothing overtakes an
earlier message that is due or under way); the sender in `bot.outbox_sender` does the sending.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from aiogram.exceptions import (
    AiogramError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
)
from aiohttp import ClientError
from sqlalchemy import ColumnElement, Subquery, exists, func, or_, select
from sqlalchemy.orm import aliased

from backend.customers.models import Channel
from backend.notifications.models import OutboxMessage, OutboxStatus

# Retrying cannot help: Telegram refused the request, or the row is unusable (a recipient that
# is no chat id, malformed buttons).
PERMANENT = (TelegramBadRequest, TelegramNotFound, TelegramEntityTooLarge, TelegramMigrateToChat)
INVALID_ROW = (ValueError, KeyError, TypeError)
TRANSIENT = (AiogramError, ClientError, TimeoutError, OSError)
NO_SYNC = {"synchronize_session": False}
# Kinds of rows sent in bulk (a recall notice): they give way to every other message.
BULK_KINDS = ("recall",)
PENDING_TELEGRAM = (
    OutboxMessage.channel == Channel.TELEGRAM,
    OutboxMessage.status == OutboxStatus.PENDING,
)


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


# In place of Telegram's message id while a send is under way; found again by the next claim,
# it means that attempt ended with no outcome recorded.
SENDING = "sending"
LOST = f"{SENDING}-lost"


def outcome_unknown(exc: BaseException) -> bool:
    """Whether the request may have reached Telegram: a time-out or a dropped answer."""
    if isinstance(exc, TimeoutError):
        return True
    text = str(getattr(exc, "message", "")) if isinstance(exc, TelegramNetworkError) else ""
    return "timeout" in text.lower() or "disconnected" in text.lower()


def describe(exc: BaseException) -> str:
    """A short reason for `last_error`: the error class and Telegram's description, no text."""
    if isinstance(exc, TelegramNetworkError) and not isinstance(exc, TelegramEntityTooLarge):
        return f"network: {type(exc.__cause__ or exc).__name__}"  # the message may hold the URL
    if isinstance(exc, TelegramAPIError):
        return f"{type(exc).__name__}: {exc.message}"[:200]
    return type(exc).__name__


def earlier_in_chat(now: Any) -> ColumnElement[bool]:
    """An earlier pending message to the same chat that is due or under way: it goes first."""
    earlier = aliased(OutboxMessage)
    return exists().where(
        earlier.channel == Channel.TELEGRAM,
        earlier.status == OutboxStatus.PENDING,
        earlier.recipient == OutboxMessage.recipient,
        earlier.id < OutboxMessage.id,
        or_(earlier.next_attempt_at <= now, earlier.attempts > 0, earlier.last_error.is_not(None)),
    )


def held_chats(now: Any) -> Subquery:
    """Per chat, the first pending message in flight or backing off; later ones wait for it."""
    started = or_(OutboxMessage.attempts > 0, OutboxMessage.last_error.is_not(None))
    return (
        select(OutboxMessage.recipient.label("chat"), func.min(OutboxMessage.id).label("first_id"))
        .where(*PENDING_TELEGRAM, OutboxMessage.next_attempt_at > now, started)
        .group_by(OutboxMessage.recipient)
        .subquery()
    )
