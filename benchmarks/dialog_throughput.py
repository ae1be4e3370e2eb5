"""N simulated customers run "Register a defect" concurrently through the dialog engine.

Usage: python benchmarks/dialog_throughput.py [--customers 200] [--database URL]
Reports events per second and per-event latency (p50/p99); the targets are at least
1,000 events/s and p99 under 25 ms with 200 concurrent conversations on one process.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from sqlalchemy import func, select

from backend.claims.models import Claim
from benchmarks._common import describe_machine, seeded_database, summary
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from dialogs.types import Choice, Command, Content, Incoming, Say, Text


def _pick(replies: list[object], suffix: str) -> str:
    for reply in replies:
        if isinstance(reply, Say):
            for row in reply.buttons:
                for button in row:
                    if button.payload.endswith(suffix):
                        return button.payload
    raise RuntimeError(f"no button {suffix}")


async def customer(engine: Engine, user: str, latencies: list[float]) -> None:
    """One customer's whole claim: 8 events."""

    async def send(content: Content) -> list[object]:
        started = time.perf_counter()
        replies = await engine.handle(Incoming("web", user, content))
        latencies.append((time.perf_counter() - started) * 1000)
        return list(replies)

    await send(Command("claim"))
    replies = await send(Text("KT1-0001"))
    replies = await send(Choice(_pick(replies, "cat:leak")))
    replies = await send(Text("Water leaks from the bottom"))
    replies = await send(Choice(_pick(replies, "media:skip")))
    replies = await send(Text("+79161234567"))
    replies = await send(Choice(_pick(replies, "rem:repair")))
    await send(Choice(_pick(replies, "confirm")))


async def main(customers: int, url: str | None) -> None:
    """Run the customers concurrently and print the results."""
    sessions, url = await seeded_database(url)
    engine = Engine(sessions, DialogConfig(media_dir=Path("/tmp/bench-media")))
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(customer(engine, f"c{n}", latencies) for n in range(customers))), 600
    )
    elapsed = time.perf_counter() - started
    async with sessions() as session:
        claims = await session.scalar(select(func.count()).select_from(Claim))
    print(f"machine: {describe_machine()}; database: {url.split(':')[0]}")
    print(
        f"{customers} concurrent customers, {len(latencies)} events in {elapsed:.2f} s: "
        f"{len(latencies) / elapsed:.0f} events/s; {summary(latencies)}; claims stored: {claims}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--database", default=None, help="database URL (default: temp SQLite)")
    arguments = parser.parse_args()
    asyncio.run(main(min(arguments.customers, 2000), arguments.database))
