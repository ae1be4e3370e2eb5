"""The Telegram outbox sender: pacing, retries, blocked users and exactly one message per row."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.customers.models import Channel, ChannelIdentity, Customer
from backend.db.session import SessionFactory, make_engine, make_session_factory
from backend.notifications.models import OutboxMessage, OutboxStatus
from bot.outbox_sender import TelegramOutboxSender
from bot.rate_limit import RateLimiter
from tests.fakes.telegram_server import FakeTelegram, aiogram_bot


class VirtualClock:
    """Time that only moves when every task is asleep: the earliest sleeper wakes first."""

    def __init__(self, lateness: Callable[[], float] = lambda: 0.0) -> None:
        self.now = 0.0
        self.lateness = lateness
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(
            self._sleepers,
            (self.now + max(seconds, 0.0) + self.lateness(), next(self._order), future),
        )
        await future

    async def run(self, *coroutines: Awaitable[Any]) -> list[Any]:
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        while not all(task.done() for task in tasks):
            for _ in range(10):
                await asyncio.sleep(0)
            if self._sleepers:
                when, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, when)
                future.set_result(None)
        return [task.result() for task in tasks]


async def until(condition: Callable[[], bool], within: float) -> None:
    """Poll `condition` (state of the fake server, which has no events to wait on)."""
    deadline = asyncio.get_running_loop().time() + within
    while not condition() and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.02)


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most departures inside any half-open window of `window` seconds."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t - start < window) for i, start in enumerate(times))


async def requests(
    clock: VirtualClock, limiter: RateLimiter, key: str, count: int, rtt: Callable[[], float]
) -> list[tuple[float, float]]:
    """`count` requests for one chat, one after another: (departure, answer) times."""
    spans = []
    for _ in range(count):
        async with limiter.slot(key) as departure:
            await clock.sleep(rtt())
        spans.append((departure, clock.now))
    return spans


async def test_limiter_spaces_departures_globally_and_per_chat() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    chats = await clock.run(
        *(requests(clock, limiter, f"c{i}", 3, lambda: 0.002) for i in range(40))
    )
    departures = [departure for spans in chats for departure, _ in spans]

    assert max_in_window(departures) <= 30
    assert min(b - a for a, b in itertools.pairwise(sorted(departures))) >= 1 / 30
    for spans in chats:
        assert all(b[0] - a[1] >= 1.0 for a, b in itertools.pairwise(spans))
    # 120 messages to 40 chats leave at the paced global rate (30 / 1.05 per second), no slower.
    assert max(departures) == pytest.approx(119 * 1.05 / 30, abs=0.05)


async def test_limiter_pause_holds_everyone() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    await clock.run(requests(clock, limiter, "a", 1, lambda: 0.002))
    limiter.pause(3)
    chats = await clock.run(*(requests(clock, limiter, key, 1, lambda: 0.002) for key in "bcd"))
    departures = [spans[0][0] for spans in chats]
    assert min(departures) >= 3.0
    assert max(departures) < 3.2


async def test_limiter_holds_the_window_whatever_the_delays() -> None:
    """Late wake-ups and requests stuck on the way must not let 31 reach Telegram in a second."""
    jitter = random.Random(7)
    clock = VirtualClock(lateness=lambda: jitter.choice([0.0, 0.0, 0.0, 0.12]))
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)

    def rtt() -> float:
        return jitter.choice([0.002] * 9 + [0.3])

    chats = await clock.run(*(requests(clock, limiter, f"c{i}", 2, rtt) for i in range(150)))
    spans = [span for chat in chats for span in chat]

    # Telegram sees each request somewhere between its departure and its answer.
    for pick in (lambda d, a: d, lambda d, a: a, lambda d, a: a if a - d > 0.1 else d):
        assert max_in_window([pick(d, a) for d, a in spans]) <= 30
    assert len(spans) / max(a for _, a in spans) > 24  # delays cost a little, not the pace


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(enforce_limits=True) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = aiogram_bot(fake)
    yield bot
    await bot.session.close()


async def seed(
    sessions: SessionFactory, chats: list[int], per_chat: int, payload: dict[str, Any] | None = None
) -> dict[int, list[str]]:
    """A customer per chat and `per_chat` pending messages each, interleaved across chats."""
    expected: dict[int, list[str]] = {chat: [] for chat in chats}
    async with sessions() as session:
        customers = {}
        for chat in chats:
            customer = Customer(name=f"Customer {chat}")
            customer.identities.append(
                ChannelIdentity(channel=Channel.TELEGRAM, external_id=str(chat))
            )
            session.add(customer)
            customers[chat] = customer
        await session.flush()
        for number in range(per_chat):
            for chat in chats:
                text = f"Claim update {number} for chat {chat}"
                session.add(
                    OutboxMessage(
                        customer_id=customers[chat].id,
                        channel=Channel.TELEGRAM,
                        recipient=str(chat),
                        kind="status",
                        text=text,
                        payload=payload or {},
                    )
                )
                expected[chat].append(text)
            await session.flush()  # ids grow with `number`: the order each chat must see
        await session.commit()
    return expected


async def rows(sessions: SessionFactory) -> list[OutboxMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_bulk_delivery_is_paced_ordered_and_exactly_once(
    session_factory: SessionFactory, fake: FakeTelegram, bot: Bot
) -> None:
    chats = list(range(1001, 1101))
    expected = await seed(session_factory, chats, 5)
    sender = TelegramOutboxSender(session_factory, bot)

    loop = asyncio.get_running_loop()
    started = loop.time()
    drain = asyncio.create_task(sender.drain(timeout=120))
    await until(lambda: len(fake.sent) >= 150 or drain.done(), within=30)
    fake.inject("sendMessage", 429, times=3, retry_after=1)
    sent = await drain
    elapsed = loop.time() - started

    assert sent == 500
    assert {chat: fake.texts_to(chat) for chat in chats} == expected
    assert fake.violations == 0, fake.violation_log[:5]
    assert fake.rate_limited == 3
    delivered = {(m["chat_id"], m["text"]): m["message_id"] for m in fake.sent}
    for row in await rows(session_factory):
        assert row.status is OutboxStatus.SENT and row.sent_at is not None
        assert row.external_message_id == str(delivered[(int(row.recipient), row.text)])
        assert row.attempts == 1  # a 429 is not counted as a failed attempt
    # Paced: ~17.5 s, plus three 1 s pauses (each injected 429 meets the first call after the
    # previous pause); 30 s leaves room for a slow machine.
    assert elapsed < 30, f"{sent / elapsed:.1f} msg/s"


async def test_blocked_chat_is_marked_and_never_retried(
    session_factory: SessionFactory, fake: FakeTelegram, bot: Bot
) -> None:
    expected = await seed(session_factory, [501, 502], 3)
    fake.block_chat(501)

    sent = await TelegramOutboxSender(session_factory, bot).drain(timeout=20)

    assert sent == 3 and fake.texts_to(502) == expected[502]
    assert [method for method, params in fake.calls if params.get("chat_id") == 501] == [
        "sendMessage"
    ]
    by_chat = {(r.recipient, r.status) for r in await rows(session_factory)}
    assert by_chat == {("501", OutboxStatus.BLOCKED), ("502", OutboxStatus.SENT)}
    async with session_factory() as session:
        blocked = dict(
            (
                await session.execute(select(ChannelIdentity.external_id, ChannelIdentity.blocked))
            ).all()
        )
    assert blocked == {"501": True, "502": False}


async def test_server_errors_back_off_then_deliver_once_in_order(
    session_factory: SessionFactory, fake: FakeTelegram, bot: Bot
) -> None:
    expected = await seed(session_factory, [77], 2)
    fake.inject("sendMessage", 502, times=2)
    sender = TelegramOutboxSender(session_factory, bot, retry_base=0.2)

    sent = await sender.drain(timeout=20)

    assert sent == 2 and fake.texts_to(77) == expected[77]
    first, second = await rows(session_factory)
    assert (first.status, first.attempts, second.attempts) == (OutboxStatus.SENT, 3, 1)
    assert first.last_error == "TelegramServerError: Bad Gateway"


async def test_gives_up_after_max_attempts(
    session_factory: SessionFactory, fake: FakeTelegram, bot: Bot
) -> None:
    await seed(session_factory, [88], 1)
    fake.inject("sendMessage", 500, times=5)
    sender = TelegramOutboxSender(session_factory, bot, max_attempts=3, retry_base=0.05)

    assert await sender.drain(timeout=20) == 0

    [row] = await rows(session_factory)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)
    assert fake.sent == []


async def test_plain_text_with_inline_buttons(
    session_factory: SessionFactory, fake: FakeTelegram
) -> None:
    buttons = [[{"label": "Yes <b>", "payload": "confirm:yes"}], [{"label": "No", "payload": "n"}]]
    await seed(session_factory, [5], 1, payload={"buttons": buttons})
    async with session_factory() as session:
        row = await session.scalar(select(OutboxMessage))
        assert row is not None
        row.text = "Price: 5 < 7 & <b>not bold</b>"
        await session.commit()
    html_bot = aiogram_bot(fake, default=DefaultBotProperties(parse_mode="HTML"))
    try:
        assert await TelegramOutboxSender(session_factory, html_bot).drain(timeout=10) == 1
    finally:
        await html_bot.session.close()

    [message] = fake.sent
    assert message["text"] == "Price: 5 < 7 & <b>not bold</b>" and message["parse_mode"] is None
    assert message["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Yes <b>", "callback_data": "confirm:yes"}],
            [{"text": "No", "callback_data": "n"}],
        ]
    }


async def test_two_senders_never_send_a_row_twice(
    session_factory: SessionFactory, engine: AsyncEngine, fake: FakeTelegram
) -> None:
    fake.enforce_limits = False  # two senders share Telegram's limits; this is about claims
    expected = await seed(session_factory, list(range(2001, 2021)), 3)
    other_engine = make_engine(engine.url.render_as_string(hide_password=False))
    bots = [aiogram_bot(fake), aiogram_bot(fake)]
    # Small batches: both load the same first rows and race to claim them, round after round.
    senders = [
        TelegramOutboxSender(session_factory, bots[0], batch_size=10),
        TelegramOutboxSender(make_session_factory(other_engine), bots[1], batch_size=10),
    ]
    try:
        counts = await asyncio.gather(*(s.drain(timeout=30) for s in senders))
    finally:
        for one in bots:
            await one.session.close()
        await other_engine.dispose()

    assert sum(counts) == 60 and min(counts) > 0
    assert len(fake.sent) == 60
    assert {chat: fake.texts_to(chat) for chat in expected} == expected
    assert {r.status for r in await rows(session_factory)} == {OutboxStatus.SENT}


async def test_run_forever_delivers_until_stopped(
    session_factory: SessionFactory, fake: FakeTelegram, bot: Bot
) -> None:
    stop = asyncio.Event()
    worker = asyncio.create_task(
        TelegramOutboxSender(session_factory, bot).run_forever(stop, idle_sleep=0.05)
    )
    await asyncio.sleep(0.1)
    expected = await seed(session_factory, [31, 32], 2)
    await until(lambda: len(fake.sent) == 4, within=5)
    stop.set()
    await asyncio.wait_for(worker, 5)
    assert {chat: fake.texts_to(chat) for chat in expected} == expected


async def test_stopping_hands_unsent_rows_back(
    session_factory: SessionFactory, fake: FakeTelegram, bot: Bot
) -> None:
    await seed(session_factory, list(range(4001, 4061)), 1)
    stop = asyncio.Event()
    worker = asyncio.create_task(TelegramOutboxSender(session_factory, bot).run_forever(stop))
    await until(lambda: len(fake.sent) >= 5, within=10)
    stop.set()
    await asyncio.wait_for(worker, 10)

    all_rows = await rows(session_factory)
    sent = [r for r in all_rows if r.status is OutboxStatus.SENT]
    waiting = [r for r in all_rows if r.status is OutboxStatus.PENDING]
    assert len(sent) == len(fake.sent) and len(sent) + len(waiting) == 60
    assert waiting and all(r.attempts == 0 and r.last_error is None for r in waiting)
