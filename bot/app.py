"""The Telegram side of a process: Bot, dispatcher, polling or webhook, outbox sender."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand, BotCommandScopeDefault, Update

from backend.config import Settings
from backend.db.session import SessionFactory
from backend.i18n import LOCALES, N_, gettext_for
from bot.albums import AlbumCollector
from bot.conversation import BotServices
from bot.handlers import build_router
from bot.outbox_sender import TelegramOutboxSender
from dialogs.engine import Engine

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]
COMMANDS = (
    ("start", N_("Start over")),
    ("claim", N_("Register a defect")),
    ("warranty", N_("Check warranty")),
    ("status", N_("My claims")),
    ("transport", N_("Book transport")),
    ("human", N_("Talk to a person")),
    ("language", N_("Change language")),
    ("cancel", N_("Stop what we are doing")),
    ("help", N_("What I can do")),
)


def make_bot(settings: Settings) -> Bot:
    """A Bot for the configured token, at TELEGRAM_API_BASE when one is set."""
    assert settings.telegram_bot_token
    session = None
    if settings.telegram_api_base:
        base = settings.telegram_api_base.rstrip("/")
        session = AiohttpSession(api=TelegramAPIServer.from_base(base))
    return Bot(settings.telegram_bot_token, session=session)


class TelegramFrontend:
    """Owns the Bot and the Dispatcher; runs polling, the webhook and the outbox sender."""

    def __init__(
        self, settings: Settings, engine: Engine, sessions: SessionFactory, bot: Bot | None = None
    ) -> None:
        self.settings = settings
        self.bot = bot or make_bot(settings)
        self.albums = AlbumCollector()
        self.dispatcher = Dispatcher()
        self.dispatcher.include_router(
            build_router(BotServices(engine, sessions, settings), self.albums)
        )
        self.sender = TelegramOutboxSender(sessions, self.bot, wall_clock=engine.clock)
        self._tasks: list[asyncio.Task[Any]] = []
        self._stop = asyncio.Event()

    @property
    def webhook_mode(self) -> bool:
        """Whether Telegram pushes updates to us (else we poll)."""
        return bool(self.settings.telegram_webhook_url)

    async def register_commands(self) -> None:
        """The command menu in English (default), Russian and Korean."""
        for locale in LOCALES:
            commands = [
                BotCommand(command=name, description=gettext_for(locale, text))
                for name, text in COMMANDS
            ]
            await self.bot.set_my_commands(
                commands,
                scope=BotCommandScopeDefault(),
                language_code=None if locale == "en" else locale,
            )

    async def start(self) -> None:
        """Register commands, then poll or set the webhook; start the outbox sender."""
        await self.register_commands()
        if self.webhook_mode:
            await self.bot.set_webhook(
                str(self.settings.telegram_webhook_url),
                secret_token=self.settings.telegram_webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
        else:
            await self.bot.delete_webhook(drop_pending_updates=False)
            self._tasks.append(asyncio.create_task(self._poll(), name="telegram-polling"))
        self._tasks.append(
            asyncio.create_task(self.sender.run_forever(self._stop), name="telegram-outbox")
        )

    async def _poll(self) -> None:
        await self.dispatcher.start_polling(
            self.bot,
            handle_signals=False,
            close_bot_session=False,
            allowed_updates=ALLOWED_UPDATES,
            polling_timeout=20,
        )

    def secret_ok(self, header: str | None) -> bool:
        """Whether a webhook request carries the configured secret."""
        expected = self.settings.telegram_webhook_secret or ""
        return bool(expected) and hmac.compare_digest(expected, header or "")

    async def feed_webhook(self, payload: dict[str, Any]) -> None:
        """Handle one update that arrived over the webhook."""
        update = Update.model_validate(payload, context={"bot": self.bot})
        await self.dispatcher.feed_update(self.bot, update)

    async def stop(self) -> None:
        """Stop polling and the sender, finish pending albums, close the HTTP session."""
        self._stop.set()
        if not self.webhook_mode:
            with contextlib.suppress(RuntimeError):
                await self.dispatcher.stop_polling()
        await self.albums.drain()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, timeout=10)
        await self.bot.session.close()
