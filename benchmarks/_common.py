"""Shared helpers of the benchmark scripts: a seeded database and latency statistics."""

from __future__ import annotations

import atexit
import platform
import shutil
import statistics
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import text

from backend.db.migrate import upgrade
from backend.db.session import SessionFactory, make_engine, make_session_factory
from backend.demo.seed import seed_demo


def scratch_dir(prefix: str) -> Path:
    """A temporary folder that is removed when the script exits."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, True)
    return folder


async def seeded_database(url: str | None) -> tuple[SessionFactory, str]:
    """A migrated database with the demo data; a temporary SQLite file when `url` is None."""
    if url is None:
        url = f"sqlite+aiosqlite:///{scratch_dir('bench-') / 'bench.db'}"
    engine = make_engine(url)
    await upgrade(engine)
    sessions = make_session_factory(engine)
    async with sessions() as session:
        await seed_demo(session, date.today())
        if url.startswith("sqlite"):
            # Start from a checkpointed file, as a server that has been running does.
            await session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return sessions, url


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0..1) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def describe_machine() -> str:
    """CPU count, Python version and event loop for the results table."""
    import asyncio
    import os

    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    try:
        loop = type(asyncio.get_running_loop()).__module__.split(".")[0]
    except RuntimeError:  # called outside the measured loop
        return machine
    return f"{machine}, {loop} loop"


def summary(latencies_ms: list[float]) -> str:
    """p50 / p99 / max of latencies in milliseconds."""
    return (
        f"p50 {statistics.median(latencies_ms):.1f} ms, "
        f"p99 {percentile(latencies_ms, 0.99):.1f} ms,"
        f" max {max(latencies_ms):.1f} ms"
    )
