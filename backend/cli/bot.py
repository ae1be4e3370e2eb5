"""`warranty-intake bot`: the Telegram bot alone, in long-polling mode."""

from __future__ import annotations

import asyncio
import logging.config
import signal

import typer

from backend.cli.common import run_with_runtime
from backend.config import Settings, get_settings
from backend.runtime import Runtime
from dialogs.config import DialogConfig
from dialogs.engine import Engine

WEBHOOK_MODE = (
    "TELEGRAM_WEBHOOK_URL is set: updates arrive at `warranty-intake serve` (webhook mode); "
    "polling would delete that webhook. Unset TELEGRAM_WEBHOOK_URL to run the bot alone."
)


def refuse_misconfigured(settings: Settings) -> None:
    """Exit 2 with one line when the bot cannot poll: no token, or webhook mode configured."""
    if not settings.telegram_bot_token:
        typer.echo("TELEGRAM_BOT_TOKEN is not set: set it to the token from @BotFather.", err=True)
        raise typer.Exit(2)
    if settings.telegram_webhook_url:
        typer.echo(WEBHOOK_MODE, err=True)
        raise typer.Exit(2)


async def run_bot(runtime: Runtime) -> None:
    """Poll Telegram and deliver the outbox until SIGINT or SIGTERM."""
    from backend.db.notify import ChangeFeed
    from backend.monitoring.logs import logging_config
    from backend.monitoring.metrics import DialogMetrics
    from bot.app import TelegramFrontend

    settings = runtime.settings
    logging.config.dictConfig(logging_config(settings))
    refuse_misconfigured(settings)
    # Counted for the logs; this process serves no /metrics (`serve` does).
    engine = Engine(
        runtime.sessions,
        DialogConfig.from_settings(settings),
        clock=runtime.clock,
        observer=DialogMetrics(),
    )
    changes = ChangeFeed(runtime.engine)  # rows the console and other processes write
    frontend = TelegramFrontend(settings, engine, runtime.sessions, changes=changes)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await frontend.start()
    feed = asyncio.create_task(changes.run(stop), name="change-feed")
    typer.echo("The bot is polling Telegram. Press Ctrl+C to stop.")
    await stop.wait()
    await frontend.stop()
    await feed


def register(app: typer.Typer) -> None:
    """Add the `bot` command to `app`."""

    @app.command("bot")
    def bot_command() -> None:
        """Run the Telegram bot with long polling (and its outbox sender)."""
        # Checked before the database is opened: a refused start touches nothing.
        refuse_misconfigured(get_settings())
        run_with_runtime(run_bot)
