"""Simulated customers run "Register a defect" through the dialog engine in one process.

Usage: python -m benchmarks.dialog_throughput [--customers 200] [--rate 1000] [--seconds 20]
                                              [--database URL]

`--customers` conversations are open at the same time for the whole run. Each customer sends
the 8 events of a claim dialog, pausing between events so that all of them together offer
`--rate` events per second (pauses drawn at random, so the customers do not march in step);
after a claim, the next claim comes from a new customer (a new conversation and customer
record each time). The run lasts `--seconds` and then lets the dialogs under way finish.
With `--rate 0` nobody pauses: the engine's saturation throughput.

Reports offered and achieved events/s, per-event latency (p50/p99/max) and the claims stored,
which must equal the dialogs completed. Targets: 1,000 events/s with p99 under 25 ms with 200
concurrent conversations on one process (SQLite).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import time
from pathlib import Path

from sqlalchemy import func, select

from backend.claims.models import Claim
from backend.runtime import run_loop, settle_heap
from benchmarks._common import describe_machine, seeded_database, summary
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from dialogs.types import Choice, Command, Content, Incoming, Reply, Say, Text


def _pick(replies: list[Reply], suffix: str) -> str:
    for reply in replies:
        if isinstance(reply, Say):
            for row in reply.buttons:
                for button in row:
                    if button.payload.endswith(suffix):
                        return button.payload
    raise RuntimeError(f"no button {suffix}")


DIALOG_EVENTS = 8


class Load:
    """The shared state of one run: pacing, deadline, latencies, completed dialogs."""

    def __init__(self, engine: Engine, customers: int, rate: float, seconds: float) -> None:
        self.engine = engine
        self.mean_pause = customers / rate if rate > 0 else 0.0
        self.deadline = time.perf_counter() + seconds
        self.started = time.perf_counter()
        # Every slot has started by the end of one dialog's length: the steady window begins.
        self.steady_from = self.started + DIALOG_EVENTS * self.mean_pause
        self.latencies: list[float] = []
        self.in_window = 0
        self.due: dict[str, float] = {}
        self.completed = 0
        self.users = itertools.count()
        self.random = random.Random(7)

    async def send(self, user: str, content: Content) -> list[Reply]:
        """Send one event when this customer's schedule says so."""
        if self.mean_pause:
            # An open schedule: each send is due a random pause after the previous one was due,
            # however long the answer took, so the offered rate does not bend to the latency.
            due = self.due.get(user, time.perf_counter()) + self.random.expovariate(
                1 / self.mean_pause
            )
            self.due[user] = due
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
        started = time.perf_counter()
        replies = await self.engine.handle(Incoming("web", user, content))
        finished = time.perf_counter()
        self.latencies.append((finished - started) * 1000)
        if self.steady_from <= finished <= self.deadline:
            self.in_window += 1
        return replies

    async def claim_dialog(self) -> None:
        """One customer's whole claim: DIALOG_EVENTS events."""
        user = f"c{next(self.users)}"
        await self.send(user, Command("claim"))
        replies = await self.send(user, Text("KT1-0001"))
        replies = await self.send(user, Choice(_pick(replies, "cat:leak")))
        replies = await self.send(user, Text("Water leaks from the bottom"))
        replies = await self.send(user, Choice(_pick(replies, "media:skip")))
        replies = await self.send(user, Text("+79161234567"))
        replies = await self.send(user, Choice(_pick(replies, "rem:repair")))
        await self.send(user, Choice(_pick(replies, "confirm")))
        self.due.pop(user, None)
        self.completed += 1

    async def customer_slot(self) -> None:
        """One open conversation at any time: claim after claim until the deadline.

        Slots start at random moments within one dialog's length, so that from the start the
        conversations are spread over the dialog's steps, as they are on a working day (not
        200 first messages in the same instant).
        """
        await asyncio.sleep(self.random.uniform(0, DIALOG_EVENTS * self.mean_pause))
        while time.perf_counter() < self.deadline:
            await self.claim_dialog()


async def main(customers: int, rate: float, seconds: float, url: str | None) -> None:
    """Run the load and print the results."""
    sessions, url = await seeded_database(url)
    engine = Engine(sessions, DialogConfig(media_dir=Path("/tmp/bench-media")))
    await engine.warm_up()  # as `serve` does once started
    settle_heap()
    load = Load(engine, customers, rate, seconds)
    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(load.customer_slot() for _ in range(customers))), seconds + 600
    )
    elapsed = time.perf_counter() - started
    async with sessions() as session:
        claims = await session.scalar(select(func.count()).select_from(Claim))
    offered = f"{rate:.0f} events/s offered" if rate > 0 else "no pauses (saturation)"
    print(f"machine: {describe_machine()}; database: {url.split(':')[0]}")
    steady = load.deadline - load.steady_from
    print(
        f"{customers} concurrent conversations, {offered}: {load.in_window} events answered in "
        f"the steady {steady:.1f} s = {load.in_window / steady:.0f} events/s "
        f"({len(load.latencies)} in all, {elapsed:.1f} s with ramp-up and the dialogs under way); "
        f"{summary(load.latencies)}; dialogs completed {load.completed}, claims stored {claims}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--rate", type=float, default=1000.0, help="events/s offered; 0: none")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--database", default=None, help="database URL (default: temp SQLite)")
    arguments = parser.parse_args()
    run_loop(
        main(
            min(arguments.customers, 2000),
            arguments.rate,
            min(arguments.seconds, 300.0),
            arguments.database,
        )
    )
