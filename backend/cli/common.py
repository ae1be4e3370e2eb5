"""Helpers the commands share: running a coroutine against the configured database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from backend.config import get_settings
from backend.runtime import Runtime, open_runtime

T = TypeVar("T")


def run_with_runtime(job: Callable[[Runtime], Awaitable[T]], *, migrate: bool = True) -> T:
    """Open the runtime (migrating SQLite on the way), run `job`, close everything."""
    settings = get_settings()

    async def runner() -> T:
        runtime = await open_runtime(settings, migrate=migrate and settings.is_sqlite)
        try:
            return await job(runtime)
        finally:
            await runtime.close()

    return asyncio.run(runner())
