"""Bulk messages (a recall) fill the rate only when no other message waits for a slot."""

from __future__ import annotations

import pytest

from backend.db.session import SessionFactory
from bot.budget import SharedBudget
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


class _Time:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_reply_of_another_process_departs_before_a_waiting_bulk_one(
    session_factory: SessionFactory,
) -> None:
    clock = _Time()
    replies: list[float] = []

    async def no_sleep(seconds: float) -> None:
        return None

    others = SharedBudget(session_factory, 10, margin=0.0, clock=clock, sleep=no_sleep)

    async def sleep(seconds: float) -> None:
        if not replies:  # while the bulk send waits, another process's reply comes
            replies.append(clock.now + await others.take())
        clock.now += seconds

    here = SharedBudget(session_factory, 10, margin=0.0, clock=clock, sleep=sleep)
    for _ in range(5):  # replies of other processes hold the next half second
        await others.take()
    waited = await here.take(bulk=True)
    bulk_departure = clock.now
    assert replies == [pytest.approx(1000.5)]  # right after the five, not behind the bulk one
    assert bulk_departure == pytest.approx(1000.6) and waited == pytest.approx(0.6)
