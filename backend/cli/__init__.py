"""The `warranty-intake` command line."""

from __future__ import annotations

import sys

import typer

from backend.cli import api_keys, bot, catalog, chat, database, demo, serve, staff, warranty
from backend.config import SettingsError

app = typer.Typer(
    help="Warranty intake: claims from Telegram and web chat, a staff console, statistics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(database.app, name="db")
app.add_typer(staff.app, name="staff")
app.add_typer(api_keys.app, name="api-key")
catalog.register(app)
warranty.register(app)
demo.register(app)
chat.register(app)
serve.register(app)
bot.register(app)


def main() -> None:
    """Entry point of the console script; configuration errors end with exit code 2."""
    try:
        app()
    except SettingsError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
