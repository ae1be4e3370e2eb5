"""The seam between the outbox sender and a channel: what a transport does and may answer.

A transport knows how to hand one message to its channel (the Telegram Bot API, a web socket,
any later channel) and says what became of it in the channel's own terms mapped to the few
answers below; the sender (`backend.delivery.sender`) owns everything else: leases, attempts,
order per chat, retries with backoff, the blocked mark, retention.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from backend.customers.models import Channel
from backend.delivery.rows import Claimed


@dataclass(frozen=True)
class Delivered:
    """The channel has the message (`external_id`: its id there, if it gives one)."""

    external_id: str | None = None


@dataclass(frozen=True)
class RetryAfter:
    """The channel asked to wait: sent again after `seconds`, without counting an attempt."""

    seconds: float
    reason: str


@dataclass(frozen=True)
class Failed:
    """Not delivered. `permanent`: no retry can help; otherwise retried with backoff."""

    reason: str
    permanent: bool = False
    maybe_arrived: bool = False  # a time-out after the request left: it may have arrived


@dataclass(frozen=True)
class Blocked:
    """The customer blocked us in this channel: their pending messages stop."""

    reason: str


@dataclass(frozen=True)
class Away:
    """The recipient cannot be reached from this process now: kept for later, no attempt."""


Answer = Delivered | RetryAfter | Failed | Blocked | Away


class Transport(Protocol):
    """One channel's way of delivering a message; used by one `OutboxSender`."""

    channel: Channel

    def reachable(self) -> Collection[str] | None:
        """The recipients this process can deliver to now; None when it can reach every one."""

    def pace(self, chat: str, *, bulk: bool = False) -> AbstractAsyncContextManager[None]:
        """Held around one send: the channel's rate limits (a no-op where it has none). A `bulk`
        send (a recall notice) gives way to every other one waiting."""

    async def send(self, message: Claimed) -> Answer:
        """Hand `message` to the channel and say what became of it; never raises for the
        channel's own refusals."""
