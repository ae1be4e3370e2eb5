"""A recall campaign sent through the Telegram outbox while customers' dialogs go on.

Seeds `--owners` owners of WM-700 units (a customer with a Telegram chat, a unit, an earlier
claim each), creates a campaign and sends it (one outbox row per owner), then runs one
`TelegramOutboxSender` at `--rate` msg/s (Telegram's 30 by default) against the fake Bot API
with Telegram's limits enforced, while `--dialog-rate` dialog replies a second are committed for
other chats and handed to the sender as the engine does. Prints the recall's send rate against
the budget, the dialog replies' latency (commit to arrival at the server) and limit violations.
`--no-priority` sends the recall as ordinary rows, for comparison.

    .venv/bin/python benchmarks/recall_send.py --owners 1500 --dialog-rate 5
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402

from backend.catalog.models import Product  # noqa: E402
from backend.customers.models import Channel  # noqa: E402
from backend.db.session import SessionFactory  # noqa: E402
from backend.notifications.models import OutboxMessage  # noqa: E402
from backend.recalls.owners import Selection  # noqa: E402
from backend.recalls.service import create_campaign, send_campaign  # noqa: E402
from benchmarks._common import describe_machine, seeded_database, summary  # noqa: E402
from bot.outbox_sender import TelegramOutboxSender  # noqa: E402
from tests.fakes.telegram_server import FakeTelegram, aiogram_bot  # noqa: E402
from tests.support.clock import NOW  # noqa: E402
from tests.support.recalls import seed_owners  # noqa: E402

DIALOG_BASE = 5_000_000_000
DIALOG_CHATS = 200
NOTICE = {"en": "Recall notice", "ru": "Уведомление об отзыве", "ko": "리콜 안내"}


async def queue_recall(sessions: SessionFactory, owners: int, priority: bool) -> int:
    """Seed the owners and send the campaign; the number of recall rows."""
    await seed_owners(sessions, owners)
    async with sessions() as session:
        product_id = await session.scalar(select(Product.id).where(Product.model_code == "WM-700"))
        assert product_id is not None
        selection = Selection((product_id,), serial_from="RC000000", serial_to="RC999999")
        campaign = await create_campaign(session, "Benchmark", selection, NOTICE, None, NOW)
        queued = await send_campaign(session, campaign, NOW)
        if not priority:  # the same rows as ordinary messages
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.kind == "recall")
                .values(kind="benchmark", payload={})
            )
        await session.commit()
    return queued


async def dialog_traffic(
    sessions: SessionFactory, sender: TelegramOutboxSender, per_second: float, until: asyncio.Event
) -> dict[int, float]:
    """Commit one reply for a dialog chat every 1/`per_second` s; the commit time of each."""
    committed: dict[int, float] = {}
    number = 0
    while not until.is_set():
        chat = str(DIALOG_BASE + number % DIALOG_CHATS)
        async with sessions() as session:
            row = {"channel": Channel.TELEGRAM, "recipient": chat, "kind": "reply",
                   "text": f"Dialog reply {number}", "payload": {}}  # fmt: skip
            message_id = await session.scalar(
                insert(OutboxMessage).values(row).returning(OutboxMessage.id)
            )
            await session.commit()
        committed[number] = time.monotonic()
        sender.queue(chat, [int(message_id or 0)])
        number += 1
        await asyncio.sleep(1 / per_second)
    return committed


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Send the recall with dialog traffic alongside; the numbers."""
    sessions, url = await seeded_database(args.database)
    queued = await queue_recall(sessions, args.owners, not args.no_priority)
    async with FakeTelegram(enforce_limits=True, global_per_second=int(args.rate)) as fake:
        bot = aiogram_bot(fake)
        sender = TelegramOutboxSender(sessions, bot, global_per_second=args.rate, lease_seconds=30)
        stop, dialogs_done = asyncio.Event(), asyncio.Event()
        worker = asyncio.create_task(sender.run_forever(stop))
        traffic = asyncio.create_task(
            dialog_traffic(sessions, sender, args.dialog_rate, dialogs_done)
        )

        def recall_sent() -> int:
            return sum(1 for m in fake.sent if m["chat_id"] < DIALOG_BASE)

        while recall_sent() < queued:  # noqa: ASYNC110 - the fake server has no event for it
            await asyncio.sleep(0.2)
        dialogs_done.set()
        committed = await traffic
        while len(fake.sent) < queued + len(committed):  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        stop.set()
        await worker
        await bot.session.close()
    recall_times = [m["time"] for m in fake.sent if m["chat_id"] < DIALOG_BASE]
    arrivals = {
        int(m["text"].rsplit(" ", 1)[1]): m["time"]
        for m in fake.sent
        if m["chat_id"] >= DIALOG_BASE
    }
    latencies = [1000 * (arrivals[n] - committed[n]) for n in committed]
    span = recall_times[-1] - recall_times[0]
    return {
        "database": url.split(":", 1)[0],
        "queued": queued,
        "rate": (len(recall_times) - 1) / span if span else float("nan"),
        "dialogs": len(latencies),
        "latency": summary(latencies),
        "violations": fake.violations,
        "rate_limited": fake.rate_limited,
    }


def parse_args() -> argparse.Namespace:
    """Command line: --owners, --rate, --dialog-rate, --no-priority, --database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=1500)
    parser.add_argument("--rate", type=float, default=30.0, help="the global budget, msg/s")
    parser.add_argument("--dialog-rate", type=float, default=5.0, help="dialog replies a second")
    parser.add_argument("--no-priority", action="store_true", help="recall rows as ordinary rows")
    parser.add_argument("--database", default=None, help="a scratch database URL (default SQLite)")
    args = parser.parse_args()
    if not (1 <= args.owners <= 100_000 and 0 < args.dialog_rate < args.rate):
        parser.error("1 <= owners <= 100000 and 0 < dialog-rate < rate")
    return args


def main() -> None:
    """Run and print."""
    args = parse_args()
    result = asyncio.run(measure(args))
    mode = "ordinary rows (no priority)" if args.no_priority else "bulk rows (dialog first)"
    print(f"machine        {describe_machine()}; database {result['database']}")
    print(f"recall         {result['queued']} owners, {mode}")
    print(
        f"recall rate    {result['rate']:.2f} msg/s "
        f"({100 * result['rate'] / args.rate:.1f}% of the {args.rate:.0f} msg/s budget)"
    )
    print(f"dialog replies {result['dialogs']} at {args.dialog_rate:g}/s: {result['latency']}")
    print(f"violations     {result['violations']} (429 answers: {result['rate_limited']})")


if __name__ == "__main__":
    main()
