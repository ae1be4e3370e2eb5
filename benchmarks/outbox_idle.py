"""What the Telegram outbox sender costs while idle, beside many delivered messages.

Usage: python -m benchmarks.outbox_idle [--delivered 1000000] [--rounds 200]

Fills a migrated SQLite file with `--delivered` Telegram messages already sent (half of them
older than the sender keeps them), plus 20 pending ones due only tomorrow, then times, in the
event loop's thread as `serve` runs them: the sender's idle round (`_start_due`, what runs every
quarter second and on every wake), the same round with no delivered rows at all, and the prune
that deletes the old delivered rows (in chunks, the loop's longest hold printed), then a second
prune with nothing left to delete.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from backend.db.migrate import upgrade
from backend.db.session import make_engine, make_session_factory
from backend.delivery.store import prune_sent
from benchmarks._common import describe_machine, scratch_dir
from bot.outbox_sender import TelegramOutboxSender

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class _Clock:
    def now(self) -> datetime:
        return NOW

    def today(self) -> Any:
        return NOW.date()


def _fill(path: str, delivered: int) -> None:
    """Delivered rows written straight with sqlite3 (the filling is not what is measured)."""
    connection = sqlite3.connect(path)
    stamp = (NOW - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    old = (NOW - timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S.%f")
    tomorrow = (NOW + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    insert = (
        "INSERT INTO outbox_message (channel, recipient, kind, text, payload, status, attempts,"
        " next_attempt_at, created_at, sent_at, external_message_id)"
        " VALUES ('telegram', ?, 'reply', 'Thank you', '{}', ?, ?, ?, ?, ?, ?)"
    )
    rows = (
        (str(1000 + n % 50_000), "sent", 1, at, at, at, str(n))
        for n in range(delivered)
        for at in ((old if n % 2 else stamp),)
    )
    connection.executemany(insert, rows)
    pending = ((str(n), "pending", 0, tomorrow, stamp, None, None) for n in range(20))
    connection.executemany(insert, pending)
    connection.commit()
    connection.close()


async def _round_ms(sender: TelegramOutboxSender, rounds: int) -> tuple[float, float]:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        await sender._start_due()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


async def _longest_turn(work: Any) -> tuple[float, float]:
    """(total ms of `work`, the longest time the loop went without a turn meanwhile, ms)."""
    longest = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0)
            now = time.perf_counter()
            longest = max(longest, now - last)
            last = now

    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    await work
    total = time.perf_counter() - started
    done.set()
    await tick
    return total * 1000, longest * 1000


async def main(delivered: int, rounds: int) -> None:
    """Print the idle round with none and with `delivered` delivered rows, and the prune."""
    for count in (0, delivered):
        path = str(scratch_dir("bench-idle-") / "idle.db")
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        await engine.dispose()
        filled = time.perf_counter()
        _fill(path, count)
        filled = time.perf_counter() - filled
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        sessions = make_session_factory(engine)
        async with sessions() as session:
            await session.execute(text("ANALYZE"))
            await session.commit()
        sender = TelegramOutboxSender(sessions, None, wall_clock=_Clock())  # type: ignore[arg-type]
        p50, p99 = await _round_ms(sender, rounds)
        line = f"{count:,} delivered rows (filled in {filled:.1f} s): idle round p50 {p50:.2f} ms"
        print(f"{line}, p99 {p99:.2f} ms")
        if count:
            keep = timedelta(days=7)
            total, longest = await _longest_turn(prune_sent(sessions, keep, NOW))
            print(
                f"  prune of {count // 2:,} old rows: {total:.0f} ms, longest hold {longest:.1f} ms"
            )
            total, longest = await _longest_turn(prune_sent(sessions, keep, NOW))
            print(f"  prune with nothing to delete: {total:.2f} ms")
            p50, p99 = await _round_ms(sender, rounds)
            print(f"  idle round after the prune: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
        await engine.dispose()
    print(f"load {os.getloadavg()[0]:.2f}; {describe_machine()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delivered", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200)
    arguments = parser.parse_args()
    asyncio.run(main(min(arguments.delivered, 5_000_000), arguments.rounds))
