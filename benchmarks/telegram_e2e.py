"""The whole Telegram path, update in -> reply handed to the Bot API, with customers walking the
claim wizard; beside it a peer bot written with aiogram-dialog doing the same wizard.

Usage: python -m benchmarks.telegram_e2e [--mode null|http|flood|peer-memory|peer-redis]
                                         [--customers 200] [--rate 1000] [--seconds 10]

* `null`: in process, through the webhook entry (`TelegramFrontend.feed_webhook`: the update is
  stored in the inbox, processed from there, the replies written to the outbox and sent) with a
  Bot API that answers at once and no rate limits.
* `http`: over HTTP, long polling the fake Bot API server (in this process), no flood control.
* `flood`: as `http`, with the fake's flood control (30 msg/s in total, 1/s per chat after a
  burst of three) and the bot's own limits on.
* `peer-memory` / `peer-redis`: the aiogram-dialog wizard (`benchmarks/peer_dialog_bot.py`) fed
  the same updates through `Dispatcher.feed_raw_update` with the instant Bot API, its state in
  `MemoryStorage` or `RedisStorage` (Redis at 127.0.0.1:6379).

Each customer slot walks the 8-step wizard, claim after claim with a new chat each time, on an
open schedule offering `--rate` updates/s in total (0: no pauses, saturation). Prints updates/s
answered, update -> first reply p50/p99, 429 answers, updates never answered (lost) and, for
this bot, messages handed to the Bot API more often than the outbox rows say (doubled).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

from aiogram import Bot
from sqlalchemy import func, select

from backend.config import Settings
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.runtime import run_loop, settle_heap
from benchmarks._common import describe_machine, scratch_dir, seeded_database, summary
from benchmarks._telegram_load import WIZARD, Inbox, NullSession, Wizard
from bot.app import TelegramFrontend
from bot.rate_limit import RateLimiter
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from tests.fakes.telegram_server import FakeTelegram

TOKEN = "123456789:AABenchmarkToken"
UNLIMITED = RateLimiter(1e9, 0.0, key_margin=0.0)


class RecordingFake(FakeTelegram):
    """The fake Bot API server, telling the customers about every message it accepts."""

    def __init__(self, inbox: Inbox, **kwargs: Any) -> None:
        super().__init__(TOKEN, **kwargs)
        self.inbox = inbox

    def _outgoing(self, method: str, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
        message = super()._outgoing(method, params, **fields)
        self.inbox.record(message["chat"]["id"], message["message_id"], params.get("reply_markup"))
        return message


async def our_bot(mode: str, inbox: Inbox) -> tuple[Any, Any, Any]:
    """(deliver, stop, count of doubled sends) for this project's bot in `mode`."""
    sessions, url = await seeded_database(None)
    media = scratch_dir("bench-media-")
    common = {"database_url": url, "media_dir": media, "secret_key": "benchmark-secret-key-0"}
    fake: RecordingFake | None = None
    if mode == "null":
        settings = Settings(
            telegram_bot_token=TOKEN,
            telegram_webhook_url="https://bench.invalid/telegram/webhook",
            telegram_webhook_secret="bench",
            **common,
        )
        bot = Bot(TOKEN, session=NullSession(inbox))
    else:
        fake = RecordingFake(inbox, enforce_limits=mode == "flood")
        await fake.start()
        settings = Settings(telegram_bot_token=TOKEN, telegram_api_base=fake.base_url, **common)
        bot = None
    engine = Engine(sessions, DialogConfig.from_settings(settings))
    frontend = TelegramFrontend(settings, engine, sessions, bot=bot)
    if mode != "flood":
        frontend.sender.limiter = UNLIMITED
    await frontend.start()
    await engine.warm_up()

    async def deliver(update: dict[str, Any]) -> None:
        if fake is None:
            await frontend.feed_webhook(update)
            return
        if "callback_query" in update:
            fake.register_callback(update["callback_query"]["id"])
        fake.push_update(update)

    async def stop() -> None:
        await frontend.stop()
        if fake is not None:
            await fake.stop()

    async def doubled() -> tuple[int, int]:
        async with sessions() as session:
            rows = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.SENT)
            )
        return max(0, inbox.sent - int(rows or 0)), (fake.rate_limited if fake else 0)

    return deliver, stop, doubled


async def peer_bot(mode: str, inbox: Inbox) -> tuple[Any, Any, Any]:
    """The aiogram-dialog peer on MemoryStorage or RedisStorage."""
    from aiogram.fsm.storage.base import DefaultKeyBuilder
    from aiogram.fsm.storage.memory import MemoryStorage
    from aiogram.fsm.storage.redis import RedisStorage

    from benchmarks.peer_dialog_bot import build_dispatcher

    if mode == "peer-redis":
        storage: Any = RedisStorage.from_url(
            "redis://127.0.0.1:6379/15",
            connection_kwargs={"max_connections": 4096},
            key_builder=DefaultKeyBuilder(with_destiny=True),
        )
        await storage.redis.flushdb()
    else:
        storage = MemoryStorage()
    dispatcher = build_dispatcher(storage)
    bot = Bot(TOKEN, session=NullSession(inbox))

    async def deliver(update: dict[str, Any]) -> None:
        await dispatcher.feed_raw_update(bot, update)

    async def stop() -> None:
        await storage.close()

    async def doubled() -> tuple[int, int]:
        return 0, 0

    return deliver, stop, doubled


async def main(mode: str, customers: int, rate: float, seconds: float) -> None:
    """Run one mode and print its line of the results table."""
    inbox = Inbox()
    make = peer_bot if mode.startswith("peer") else our_bot
    deliver, stop, doubled = await make(mode, inbox)
    settle_heap()
    wizard = Wizard(deliver, inbox, customers, rate)
    started = time.perf_counter()
    cpu = time.process_time()
    until = started + seconds
    # Slots start within one dialog's length; the steady window begins once all have started.
    wizard.window = (started + len(WIZARD) * wizard.mean_pause, until)
    await asyncio.gather(*(wizard.customer(until, wait=30.0) for _ in range(customers)))
    elapsed = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu) * 1000 / max(1, len(wizard.latencies))
    await asyncio.sleep(1.0)  # let late sends land before counting doubles
    extra, limited = await doubled()
    await stop()
    load = os.getloadavg()
    steady = wizard.window[1] - wizard.window[0]
    offered = f"{rate:.0f}/s offered" if rate else "no pauses"
    print(
        f"{mode}: {customers} chats, {offered}: {wizard.in_window} updates answered in the "
        f"steady {steady:.1f} s = {wizard.in_window / steady:.0f} updates/s "
        f"({len(wizard.latencies)} in all, {elapsed:.1f} s); "
        f"{summary(wizard.latencies)}; 429s {limited}; lost {wizard.lost}; doubled {extra}; "
        f"claims walked {wizard.completed}; CPU {cpu_ms:.2f} ms/update; "
        f"load {load[0]:.2f}; {describe_machine()}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--mode", default="null", choices=["null", "http", "flood", "peer-memory", "peer-redis"]
    )
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--rate", type=float, default=1000.0, help="updates/s offered; 0: none")
    parser.add_argument("--seconds", type=float, default=10.0)
    arguments = parser.parse_args()
    run_loop(
        main(
            arguments.mode,
            min(arguments.customers, 2000),
            arguments.rate,
            min(arguments.seconds, 120.0),
        )
    )
