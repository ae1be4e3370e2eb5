"""`warranty-intake chat`: the customer dialogs in a terminal (a third channel adapter)."""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path

import typer

from backend.claims.storage import UploadRejected, store_bytes
from backend.cli.common import language_option, run_with_runtime
from backend.i18n import N_, gettext_for, pick_locale
from backend.runtime import Runtime
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from dialogs.media import media_item, rejected
from dialogs.types import (
    Button,
    Choice,
    Command,
    Content,
    Incoming,
    Media,
    Reply,
    Say,
    SendDocument,
    Text,
    Unsupported,
    UnsupportedKind,
)

HELP = N_("Type an answer, a number to press a button, /photo PATH to send a file, /quit to leave.")


async def read_file(path: str, runtime: Runtime) -> Content:
    """Store a local file like an upload; a rejected file becomes an Unsupported event."""
    settings = runtime.settings
    try:
        source = await asyncio.to_thread(Path(path).expanduser)
        data = await asyncio.to_thread(source.read_bytes)
        stored = await store_bytes(
            data,
            settings.media_dir,
            int(settings.max_upload_mb * 2**20),
            Path(path).name,
            now=runtime.clock.now(),
        )
    except OSError:
        return Unsupported(UnsupportedKind.OTHER)
    except UploadRejected as error:
        return rejected(error)
    return Media((media_item(stored),))


async def parse_line(line: str, buttons: list[Button], runtime: Runtime) -> Content:
    """Turn one typed line into a dialog event."""
    text = line.strip()
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return Choice(buttons[int(text) - 1].payload)
    if text.startswith("/photo "):
        return await read_file(text.removeprefix("/photo ").strip(), runtime)
    if text.startswith("/") and len(text) > 1:
        name, _, argument = text[1:].partition(" ")
        return Command(name.lower(), argument)
    return Text(text)


def render(replies: list[Reply]) -> list[Button]:
    """Print the replies; return the buttons in the order they were numbered."""
    buttons: list[Button] = []
    for reply in replies:
        if isinstance(reply, Say):
            typer.echo(typer.style(reply.text, fg=typer.colors.CYAN))
            for row in reply.buttons:
                for button in row:
                    buttons.append(button)
                    typer.echo(f"  [{len(buttons)}] {button.label}")
        elif isinstance(reply, SendDocument):
            typer.echo(f"  (document {reply.filename}: {reply.caption})")
    return buttons


async def chat_loop(runtime: Runtime, user: str, locale: str) -> None:
    """Read lines until end of input or /quit, answering each through the engine."""
    engine = Engine(runtime.sessions, DialogConfig.from_settings(runtime.settings))
    typer.echo(gettext_for(pick_locale(locale), HELP))
    buttons = render(
        await engine.handle(Incoming("terminal", user, Command("start"), locale_hint=locale))
    )
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line or line.strip() in ("/quit", "/exit"):
            return
        if not line.strip():
            continue
        content = await parse_line(line, buttons, runtime)
        replies = await engine.handle(Incoming("terminal", user, content, locale_hint=locale))
        new_buttons = render(replies)
        buttons = new_buttons or buttons


def register(app: typer.Typer) -> None:
    """Add the `chat` command to `app`."""

    @app.command("chat")
    def chat_command(
        user: str = typer.Option("", help="Customer id in the terminal channel."),
        lang: str = language_option("en", "First language: en, ru or ko."),
    ) -> None:
        """Talk to the customer dialogs in this terminal (same engine, same database)."""
        who = user or getpass.getuser()
        run_with_runtime(lambda runtime: chat_loop(runtime, who, lang))
