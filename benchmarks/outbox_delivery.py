"""Throughput of the Telegram outbox sender against the fake Bot API with Telegram's limits on.

Fills the outbox with `--messages` messages spread round-robin over `--chats` chats, starts the
fake server (127.0.0.1 only) that answers 429 to more than one message per second per chat or more
than 30 per rolling second, drains the outbox with one `TelegramOutboxSender` and prints the rate,
its share of the 30 msg/s ceiling, limit violations, duplicates, losses and per-chat order.

    .venv/bin/python benchmarks/outbox_delivery.py --messages 1000 --chats 200 --database sqlite

`--database` is `sqlite` (a temporary file) or a SQLAlchemy URL of a scratch database; the
script's own rows are deleted again afterwards, and it refuses to run while other Telegram
messages are pending there.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, select  # noqa: E402

from backend.customers.models import Channel, ChannelIdentity, Customer  # noqa: E402
from backend.db.migrate import upgrade  # noqa: E402
from backend.db.models import Base  # noqa: E402, F401  (every table known to the metadata)
from backend.db.session import SessionFactory, make_engine, make_session_factory  # noqa: E402
from backend.notifications.models import OutboxMessage, OutboxStatus  # noqa: E402
from bot.outbox_sender import TelegramOutboxSender  # noqa: E402
from tests.fakes.telegram_server import FakeTelegram, aiogram_bot  # noqa: E402

MAX_MESSAGES = 10_000
MAX_CHATS = 5_000
CHAT_BASE = 7_000_000_000  # far from real-looking ids, so a scratch database is not disturbed


async def fill(sessions: SessionFactory, messages: int, chats: int) -> list[int]:
    """Customers with a Telegram identity and round-robin messages; returns the customer ids."""
    async with sessions() as session:
        pending = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.channel == Channel.TELEGRAM,
                OutboxMessage.status == OutboxStatus.PENDING,
            )
        )
        if pending:
            raise SystemExit(f"{pending} Telegram messages already pending: use a scratch database")
        customers = []
        for index in range(chats):
            customer = Customer(name=f"Benchmark {index}")
            chat = str(CHAT_BASE + index)
            customer.identities.append(ChannelIdentity(channel=Channel.TELEGRAM, external_id=chat))
            customers.append(customer)
        session.add_all(customers)
        await session.flush()
        for number in range(messages):
            customer = customers[number % chats]
            session.add(
                OutboxMessage(
                    customer_id=customer.id,
                    channel=Channel.TELEGRAM,
                    recipient=customer.identities[0].external_id,
                    kind="benchmark",
                    text=f"Benchmark message {number}",
                )
            )
            if number % chats == chats - 1:
                await session.flush()  # keep ids in round-robin order
        await session.commit()
        return [customer.id for customer in customers]


async def cleanup(sessions: SessionFactory, customer_ids: list[int]) -> None:
    """Delete the benchmark's rows again."""
    async with sessions() as session:
        await session.execute(
            delete(OutboxMessage).where(OutboxMessage.customer_id.in_(customer_ids))
        )
        await session.execute(
            delete(ChannelIdentity).where(ChannelIdentity.customer_id.in_(customer_ids))
        )
        await session.execute(delete(Customer).where(Customer.id.in_(customer_ids)))
        await session.commit()


def order_breaks(sent: list[dict[str, Any]]) -> int:
    """Messages that reached a chat before one with a lower number."""
    last: dict[int, int] = {}
    breaks = 0
    for message in sent:
        number = int(message["text"].rsplit(" ", 1)[1])
        breaks += number < last.get(message["chat_id"], -1)
        last[message["chat_id"]] = max(number, last.get(message["chat_id"], -1))
    return breaks


async def measure(sessions: SessionFactory, messages: int, chats: int) -> dict[str, Any]:
    """Drain the filled outbox through the fake server and collect the numbers."""
    async with FakeTelegram(enforce_limits=True) as fake:
        bot = aiogram_bot(fake)
        sender = TelegramOutboxSender(sessions, bot)
        started = time.monotonic()
        try:
            sent = await sender.drain(timeout=messages / 20 + 60)
        finally:
            await bot.session.close()
        elapsed = time.monotonic() - started
    times = [m["time"] for m in fake.sent]
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    texts = [(m["chat_id"], m["text"]) for m in fake.sent]
    return {
        "sent": sent,
        "elapsed": elapsed,
        "rate": sent / elapsed,
        "steady_rate": (len(times) - 1) / span,
        "violations": fake.violations,
        "by_limit": {
            reason: sum(1 for r, _chat, _at in fake.violation_log if r == reason)
            for reason in ("chat", "global")
        },
        "rate_limited": fake.rate_limited,
        "duplicates": len(texts) - len(set(texts)),
        "missing": messages - len(set(texts)),
        "order_breaks": order_breaks(fake.sent),
    }


async def main(args: argparse.Namespace) -> None:
    """Prepare the database, run the measurement and print it."""
    with tempfile.TemporaryDirectory() as workdir:
        url = (
            f"sqlite+aiosqlite:///{workdir}/bench.db"
            if args.database == "sqlite"
            else args.database
        )
        engine = make_engine(url)
        try:
            await upgrade(engine)
            sessions = make_session_factory(engine)
            customer_ids = await fill(sessions, args.messages, args.chats)
            try:
                result = await measure(sessions, args.messages, args.chats)
            finally:
                await cleanup(sessions, customer_ids)
        finally:
            await engine.dispose()
    ceiling = 30.0
    print(f"database       {engine.dialect.name}")
    print(f"messages       {args.messages} to {args.chats} chats, {result['sent']} sent")
    print(f"elapsed        {result['elapsed']:.2f} s")
    print(
        f"throughput     {result['rate']:.2f} msg/s overall "
        f"({100 * result['rate'] / ceiling:.1f}% of {ceiling:.0f} msg/s), "
        f"{result['steady_rate']:.2f} msg/s first to last message "
        f"({100 * result['steady_rate'] / ceiling:.1f}%)"
    )
    by_limit = ", ".join(f"{k} {v}" for k, v in result["by_limit"].items())
    print(
        f"violations     {result['violations']} ({by_limit}; 429 answers: {result['rate_limited']})"
    )
    print(f"duplicates     {result['duplicates']}")
    print(f"missing        {result['missing']}")
    print(f"order breaks   {result['order_breaks']}")


def parse_args() -> argparse.Namespace:
    """Command line: --messages, --chats, --database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--database", default="sqlite", help="sqlite or a scratch database URL")
    args = parser.parse_args()
    if not (
        1 <= args.messages <= MAX_MESSAGES and 1 <= args.chats <= min(MAX_CHATS, args.messages)
    ):
        parser.error(f"1 <= chats <= messages <= {MAX_MESSAGES}, chats <= {MAX_CHATS}")
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
