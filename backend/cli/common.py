"""Helpers the commands share: the database runtime and the `--lang` option."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import typer

from backend.config import get_settings
from backend.i18n import LOCALES
from backend.preflight import check_schema
from backend.runtime import Runtime, open_runtime, run_loop

T = TypeVar("T")


def run_with_runtime(job: Callable[[Runtime], Awaitable[T]], *, migrate: bool = True) -> T:
    """Open the runtime (migrating SQLite on the way), run `job`, close everything.

    `migrate=False` is for the schema commands themselves; every other command refuses a
    database whose schema is not this version's.
    """
    settings = get_settings()

    async def runner() -> T:
        runtime = await open_runtime(settings, migrate=migrate and settings.is_sqlite)
        try:
            if migrate:
                await check_schema(runtime.engine)
            return await job(runtime)
        finally:
            await runtime.close()

    return run_loop(runner())


def _known_language(value: str) -> str:
    if value and value.lower() not in LOCALES:
        raise typer.BadParameter(f"unknown language {value!r}: use {', '.join(LOCALES)}")
    return value.lower()


def language_option(default: str, help_text: str) -> Any:
    """A `--lang` option that refuses a language without a catalog (exit code 2)."""
    return typer.Option(default, "--lang", help=help_text, callback=_known_language)
