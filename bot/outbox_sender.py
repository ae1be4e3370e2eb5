"""Telegram's transport for the outbox sender: Bot API calls, Telegram's answers, its limits.

The sender itself (leases, order per chat, retries, outcomes) is the one every channel uses,
`backend.delivery.sender.OutboxSender`; this module says how a row becomes a Bot API call and
how Telegram's answers map onto the sender's: accepted -> delivered with Telegram's message_id;
429 -> retry after the full `retry_after` (that chat pauses for it, the others for at most a
second); 403 -> blocked; other 4xx and unusable rows -> failed at once; 5xx, network errors and
time-outs -> retried with backoff (a time-out after the request left "may have arrived").
Bulk rows (payload `bulk`, a recall notice) give way: the limiter and the budget let them depart
only when no other message waits for a slot.

Pacing: in-process a `RateLimiter` (global rate, per chat a short burst then one a second);
across processes on PostgreSQL a `SharedBudget` row hands out the global departure slots, so
every `serve` process on one database together stays within `global_per_second`.
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import (
    AiogramError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiohttp import ClientError

from backend.clock import SYSTEM_CLOCK
from backend.clock import Clock as WallClock
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.delivery.rows import Claimed
from backend.delivery.sender import OutboxSender
from backend.delivery.transport import Answer, Blocked, Delivered, Failed, RetryAfter
from backend.monitoring.metrics import record_rate_limited
from bot.budget import SharedBudget
from bot.rate_limit import Clock, RateLimiter
from bot.render import send_row

# Retrying cannot help: Telegram refused the request, or the row is unusable (a recipient that
# is no chat id, malformed buttons).
PERMANENT = (TelegramBadRequest, TelegramNotFound, TelegramEntityTooLarge, TelegramMigrateToChat)
INVALID_ROW = (ValueError, KeyError, TypeError)
TRANSIENT = (AiogramError, ClientError, TimeoutError, OSError)


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


class TelegramTransport:
    """Sends outbox rows with `bot`, paced by a `RateLimiter` and an optional shared budget."""

    channel = Channel.TELEGRAM

    def __init__(
        self, bot: Bot, limiter: RateLimiter, budget: SharedBudget | None, send_timeout: int
    ) -> None:
        self.bot, self.limiter, self.budget = bot, limiter, budget
        self._send_timeout = send_timeout

    def reachable(self) -> Collection[str] | None:
        """Every chat: the Bot API reaches them all from any process."""
        return None

    @asynccontextmanager
    async def pace(self, chat: str, *, bulk: bool = False) -> AsyncIterator[None]:
        """A departure slot in this process (held until Telegram answered), then a shared one;
        a bulk one only when no other message waits for either."""
        async with self.limiter.slot(chat, bulk=bulk):
            if self.budget is not None:
                await self.budget.take(bulk=bulk)
            yield

    async def send(self, message: Claimed) -> Answer:
        """One Bot API call for the row; Telegram's answer in the sender's terms."""
        try:
            sent = await send_row(
                self.bot, message.chat, message.text, message.payload, self._send_timeout
            )
        except TelegramRetryAfter as exc:
            record_rate_limited()
            self.limiter.pause_key(message.chat, exc.retry_after)
            self.limiter.pause(min(exc.retry_after, 1.0))
            return RetryAfter(exc.retry_after, f"429: retry after {exc.retry_after}s")
        except TelegramForbiddenError as exc:
            return Blocked(describe(exc))
        except (*PERMANENT, *INVALID_ROW) as exc:
            return Failed(describe(exc), permanent=True)
        except TRANSIENT as exc:  # every aiogram error is an AiogramError
            return Failed(describe(exc), maybe_arrived=outcome_unknown(exc))
        return Delivered(str(sent.message_id))


class TelegramOutboxSender(OutboxSender):
    """The outbox sender of the Telegram channel, with Telegram's pacing."""

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
        limiter = RateLimiter(
            global_per_second, per_chat_interval, per_key_burst=per_chat_burst, clock=clock
        )
        # A round should take about as long per chat as it takes overall: no chat hogs it.
        round_seconds = batch_size / limiter.effective_rate
        # Bulk rows start chats only while fewer run: about a quarter lease of sends queued here.
        quarter_lease = limiter.effective_rate * lease_seconds / 4
        self.telegram = TelegramTransport(bot, limiter, budget, send_timeout)
        super().__init__(
            sessions,
            self.telegram,
            batch_size=batch_size,
            per_chat_batch=max(1, math.ceil(round_seconds / limiter.key_spacing)),
            max_bulk_chats=max(batch_size, math.ceil(quarter_lease)),
            max_attempts=max_attempts,
            clock=clock,
            retry_base=retry_base,
            retry_cap=retry_cap,
            lease_seconds=lease_seconds,
            keep_sent=keep_sent,
            wall_clock=wall_clock,
        )

    @property
    def limiter(self) -> RateLimiter:
        """The in-process pacing (replaceable, e.g. unlimited in a benchmark)."""
        return self.telegram.limiter

    @limiter.setter
    def limiter(self, value: RateLimiter) -> None:
        self.telegram.limiter = value

    @property
    def budget(self) -> SharedBudget | None:
        """The departure slots shared with other processes, if any."""
        return self.telegram.budget
