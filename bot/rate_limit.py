"""Pacing of outgoing Bot API messages: a global rate plus a minimum interval per chat.

Telegram allows about 30 messages per second in total and about one per second per chat and
answers 429 beyond that. Instead of a bursty token bucket the limiter hands out departure slots,
globally one every `(1 + global_margin) / per_second` seconds: that sets the pace.

Slots alone cannot promise what Telegram sees, because a request may reach it later than it left
(a busy event loop, a descheduled process). So every request is also held from `acquire` until
`release` (its answer came back, so Telegram had it by then) and two rules count that span:
at most `per_second` requests (rounded down) that are in flight or were answered within the last
`window` seconds, and per key `per_key_interval + key_margin` from one answer to the next
departure. Whatever the delays, no rolling window at the server sees more than the limit.

A key may burst: `per_key_burst` requests back to back, then one per interval (a generic cell
rate algorithm: a key's next time runs ahead of the clock by at most `burst - 1` intervals).
Telegram takes a short burst in one chat, so a reply of two messages leaves at once.

A bulk request (a recall notice) yields to the others: one bulk request at a time waits for its
slot, and only once no more than one slot is taken ahead of the clock, so a dialog reply that
comes while a recall is going out waits for at most one bulk departure, never for the recall.

`pause` stops every departure, `pause_key` those of one key, e.g. for the `retry_after` of a
429. Clock and sleep are injected, so tests run the limiter on virtual time. Keys are meant to
be used one request at a time.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

MIN_WAIT = 1e-6  # seconds; a float-rounding remainder must still move the clock
PRUNE_ABOVE = 4096  # forget chats whose interval has passed once this many are tracked


class RateLimiter:
    """Grants departures no faster than `per_second` overall and `per_key_interval` per key."""

    def __init__(
        self,
        per_second: float = 30.0,
        per_key_interval: float = 1.0,
        *,
        global_margin: float = 0.05,
        key_margin: float = 0.1,
        per_key_burst: int = 1,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_second <= 0 or per_key_interval < 0:
            raise ValueError("per_second must be positive and per_key_interval not negative")
        self.global_spacing = (1.0 + global_margin) / per_second
        self.key_spacing = per_key_interval + key_margin
        self._key_slack = max(0, per_key_burst - 1) * self.key_spacing
        self.window_count = max(1, int(per_second))
        self.window = self.window_count / per_second
        self._clock = clock
        self._sleep = sleep
        self._next_slot = -math.inf
        self._next_for_key: dict[Hashable, float] = {}
        self._paused_until = -math.inf
        self._in_flight = 0
        self._answered: deque[float] = deque()
        self._bulk_turn = asyncio.Lock()  # bulk requests queue here, one reserving at a time

    @property
    def effective_rate(self) -> float:
        """Messages per second the limiter grants at most."""
        return 1.0 / self.global_spacing

    def pause(self, seconds: float) -> None:
        """Let nothing depart for `seconds` from now (slots already granted are re-queued)."""
        until = self._clock() + max(0.0, seconds)
        self._paused_until = max(self._paused_until, until)
        self._next_slot = max(self._next_slot, self._paused_until)

    def pause_key(self, key: Hashable, seconds: float) -> None:
        """Let nothing depart for `key` for `seconds` from now (a 429 of that chat)."""
        until = self._clock() + max(0.0, seconds) + self._key_slack
        self._next_for_key[key] = max(self._next_for_key.get(key, -math.inf), until)

    @asynccontextmanager
    async def slot(self, key: Hashable, *, bulk: bool = False) -> AsyncIterator[float]:
        """Hold a departure for `key` while its request is on the way; yields the departure time.

        `bulk`: the request goes only when no other one waits for a slot (`acquire_bulk`)."""
        departure = await (self.acquire_bulk(key) if bulk else self.acquire(key))
        try:
            yield departure
        finally:
            self.release(key)

    async def acquire(self, key: Hashable) -> float:
        """Wait until a request for `key` may depart; pair it with `release` once answered."""
        while True:
            now = self._clock()
            key_ready = self._next_for_key.get(key, -math.inf) - self._key_slack
            ready = max(self._paused_until, key_ready)
            if ready > now:
                await self._sleep(ready - now)
                continue
            # Reserve the next global slot synchronously, so concurrent callers queue in order.
            previous = self._next_for_key.get(key, -math.inf)
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.global_spacing
            self._next_for_key[key] = max(previous, slot) + self.key_spacing
            if slot > now:
                await self._sleep(slot - now)
            while (wait := self._window_wait()) > 0:
                await self._sleep(wait)
            departure = self._clock()
            if self._paused_until > departure:
                self._next_for_key[key] = previous  # a pause began while waiting: queue again
                continue
            self._in_flight += 1
            self._next_for_key[key] = max(self._next_for_key[key], departure + self.key_spacing)
            self._prune(departure)
            return departure

    async def acquire_bulk(self, key: Hashable) -> float:
        """`acquire` for a bulk request: it reserves a slot only while at most one is taken
        ahead, so every other request that comes meanwhile departs before it."""
        async with self._bulk_turn:
            lead = self.global_spacing + MIN_WAIT  # one slot ahead, give or take rounding
            while (ahead := self._next_slot - self._clock()) > lead:
                await self._sleep(max(ahead - self.global_spacing, MIN_WAIT))
            return await self.acquire(key)

    def release(self, key: Hashable) -> None:
        """The request for `key` was answered (or failed): count its window from now."""
        now = self._clock()
        self._in_flight = max(0, self._in_flight - 1)
        self._answered.append(now)
        self._next_for_key[key] = max(
            self._next_for_key.get(key, -math.inf), now + self.key_spacing
        )

    def _window_wait(self) -> float:
        start = self._clock() - self.window
        while self._answered and self._answered[0] <= start:
            self._answered.popleft()
        if self._in_flight + len(self._answered) < self.window_count:
            return 0.0
        if not self._answered:  # all in flight: look again shortly
            return self.global_spacing
        # Same expression as the pruning above, so rounding cannot make this zero or negative.
        return max(self._answered[0] - start, MIN_WAIT)

    def _prune(self, now: float) -> None:
        if len(self._next_for_key) > PRUNE_ABOVE:
            self._next_for_key = {k: t for k, t in self._next_for_key.items() if t > now}
