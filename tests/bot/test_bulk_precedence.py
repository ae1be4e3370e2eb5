"""Bulk messages (a recall) fill the rate only when no other message waits for a slot."""

from __future__ import annotations

import pytest

from bot.rate_limit import RateLimiter
from tests.bot.test_outbox_sender import VirtualClock, max_in_window

RTT = 0.05


async def _bulk(clock: VirtualClock, limiter: RateLimiter, key: str) -> float:
    async with limiter.slot(key, bulk=True) as departure:
        await clock.sleep(RTT)
    return departure


async def _dialog(clock: VirtualClock, limiter: RateLimiter, at: float) -> tuple[float, float]:
    await clock.sleep(at)
    asked = clock.now
    async with limiter.slot("dialog") as departure:
        await clock.sleep(RTT)
    return asked, departure


async def test_a_dialog_reply_departs_before_the_queued_recall() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    bulk = [_bulk(clock, limiter, f"owner{i}") for i in range(300)]
    *recall, (asked, departed) = await clock.run(*bulk, _dialog(clock, limiter, 2.0))

    assert departed - asked <= 2 * limiter.global_spacing  # not behind ~240 queued notices
    assert sum(1 for d in recall if d > departed) > 200
    everything = [*recall, departed]
    assert max_in_window(everything) <= 30
    # Alone, the recall still uses the whole budget: 301 departures at the paced rate.
    assert max(everything) == pytest.approx(300 * limiter.global_spacing, abs=0.1)


async def test_many_dialog_replies_all_go_before_bulk() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    bulk = [_bulk(clock, limiter, f"owner{i}") for i in range(100)]
    dialogs = [_dialog_key(clock, limiter, f"customer{i}", 1.0) for i in range(20)]
    results = await clock.run(*bulk, *dialogs)
    recall, replies = results[:100], results[100:]
    last_reply = max(replies)
    # The 20 replies leave one after another; at most one bulk departure slips between them.
    assert sum(1 for d in recall if 1.0 <= d <= last_reply) <= 2
    assert last_reply - 1.0 <= 22 * limiter.global_spacing


async def _dialog_key(clock: VirtualClock, limiter: RateLimiter, key: str, at: float) -> float:
    await clock.sleep(at)
    async with limiter.slot(key) as departure:
        await clock.sleep(RTT)
    return departure
