"""The Telegram side of a process: Bot, dispatcher, polling or webhook, inbox, outbox sender.

Updates in: polling or the webhook store each update in the inbox first (`bot.inbox`); only then
does the webhook answer 200 or the polling offset move past it. The inbox feeds them to the
dispatcher in order per chat. Replies out: the engine writes them to the outbox in the step's
transaction and wakes the sender (`bot.outbox_sender`), which alone talks to the Bot API for
messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeDefault, Update

from backend.config import Settings
from backend.customers.models import Channel
from backend.db.notify import MANY, Change, ChangeFeed
from backend.db.session import SessionFactory
from backend.i18n import LOCALES, N_, gettext_for, pick_locale
from bot.budget import SharedBudget
from bot.conversation import BotServices, tell_chat
from bot.handlers import build_router
from bot.inbox import ChatClaims, Inbox, Stored
from bot.inbox_chats import TOPIC as INBOX_TOPIC
from bot.outbox_sender import TelegramOutboxSender
from bot.raw_updates import handle_raw, takes
from dialogs.commands import COMMANDS as DIALOG_COMMANDS
from dialogs.engine import Engine

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
POLL_SECONDS = 20
IDLE_WITH_FEED = 2.0  # seconds between the sender's rounds when change notices wake it
SORRY = N_("Sorry, something went wrong. Please try again.")
COMMANDS = DIALOG_COMMANDS  # declared by the flows (dialogs.commands)


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
        self,
        settings: Settings,
        engine: Engine,
        sessions: SessionFactory,
        bot: Bot | None = None,
        changes: ChangeFeed | None = None,
    ) -> None:
        self.settings = settings
        self.bot = bot or make_bot(settings)
        rate, lease = settings.telegram_messages_per_second, settings.telegram_lease_seconds
        shared = (
            sessions.kw.get("bind") is not None and sessions.kw["bind"].dialect.name != "sqlite"
        )
        self.sender = TelegramOutboxSender(
            sessions,
            self.bot,
            global_per_second=rate,
            lease_seconds=2 * lease,  # a send may wait for its slot a while
            wall_clock=engine.clock,
            budget=SharedBudget(sessions, rate) if shared else None,
        )
        engine.deliver_through_outbox([Channel.TELEGRAM.value], self.sender.wake, self.sender)
        # Rows other processes commit are announced on the change feed; without one, found by
        # a round every quarter second.
        self._idle_sleep = 0.25 if changes is None else IDLE_WITH_FEED
        self.dispatcher = Dispatcher()
        services = BotServices(engine, sessions, settings, self.sender.wake, self.sender.queue)
        self.dispatcher.include_router(build_router(services))
        self._services = services
        self.inbox = Inbox(
            sessions,
            self._process,
            engine.clock,
            lease_seconds=lease,
            give_up=self._apologise,
            inline=takes,
            claims=ChatClaims(lease) if shared else None,  # several processes: one owns a chat
        )
        if changes is not None:
            changes.on_change(self._on_change)
        self._tasks: list[asyncio.Task[Any]] = []
        self._polling: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    @property
    def webhook_mode(self) -> bool:
        """Whether Telegram pushes updates to us (else we poll)."""
        return bool(self.settings.telegram_webhook_url)

    async def register_commands(self) -> None:
        """The command menu in English (default), Russian and Korean, in private chats only."""
        for locale in LOCALES:
            language = None if locale == "en" else locale
            await self.bot.delete_my_commands(
                scope=BotCommandScopeDefault(), language_code=language
            )
            commands = [
                BotCommand(command=name, description=gettext_for(locale, text))
                for name, text in COMMANDS
            ]
            await self.bot.set_my_commands(
                commands, scope=BotCommandScopeAllPrivateChats(), language_code=language
            )

    async def start(self) -> None:
        """Register commands, then poll or set the webhook; start the inbox and the sender."""
        await self.register_commands()
        self._tasks.append(asyncio.create_task(self.inbox.run(self._stop), name="telegram-inbox"))
        if self.webhook_mode:
            await self.bot.set_webhook(
                str(self.settings.telegram_webhook_url),
                secret_token=self.settings.telegram_webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
        else:
            await self.bot.delete_webhook(drop_pending_updates=False)
            self._polling = asyncio.create_task(self._poll(), name="telegram-polling")
        self._tasks.append(
            asyncio.create_task(
                self.sender.run_forever(self._stop, self._idle_sleep), name="telegram-outbox"
            )
        )

    def _on_change(self, change: Change) -> None:
        if change.topic in ("outbox", MANY) and change.key in (Channel.TELEGRAM.value, MANY):
            self.sender.wake()
        if change.topic in (INBOX_TOPIC, MANY):  # an update handed to the chat's owner
            self.inbox.wake(change.key)

    async def _poll(self) -> None:
        """getUpdates ourselves: the offset moves past updates only once they are stored.

        The answer is read as plain JSON, so an update this aiogram cannot parse is stored and
        dropped on its own instead of failing every later poll.
        """
        url = self.bot.session.api.api_url(self.bot.token, "getUpdates")
        offset: int | None = None
        failures = 0
        timeout = aiohttp.ClientTimeout(total=POLL_SECONDS + 10)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while not self._stop.is_set():
                try:
                    updates = await _get_updates(http, url, offset)
                    if updates:
                        await self.inbox.store(updates)
                        offset = int(updates[-1]["update_id"]) + 1
                    failures = 0
                except Exception:  # Telegram or the database away: the same updates come again
                    failures += 1
                    log.warning("telegram: polling failed (%d in a row)", failures, exc_info=True)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stop.wait(), min(30.0, 0.5 * 2**failures))

    async def _process(self, batch: list[Stored]) -> None:
        """One stored update (or an album's updates) through the dispatcher."""
        item = batch[0]
        if len(batch) == 1 and await handle_raw(
            self._services, self.bot, item.payload, item.key, item.raw
        ):
            return
        updates = [Update.model_validate(item.payload, context={"bot": self.bot}) for item in batch]
        album = [update.message for update in updates if update.message is not None]
        await self.dispatcher.feed_update(
            self.bot, updates[0], event_key=batch[0].key, album=album if len(batch) > 1 else None
        )

    async def _apologise(self, batch: list[Stored]) -> None:
        """An update that failed every try: the customer hears so instead of nothing."""
        chat = int(batch[0].chat)
        if chat <= 0:  # a group: nothing is said there for a failure
            return
        language = _language(batch[0].payload)
        text = gettext_for(pick_locale(language, self.settings.default_locale), SORRY)
        await tell_chat(self._services, chat, text, kind="apology")

    @property
    def busy(self) -> bool:
        """Whether updates or messages are under way in this process."""
        return self.inbox.busy or self.sender.busy

    def secret_ok(self, header: str | None) -> bool:
        """Whether a webhook request carries the configured secret."""
        expected = self.settings.telegram_webhook_secret or ""
        return bool(expected) and hmac.compare_digest(expected, header or "")

    async def feed_webhook(self, payload: dict[str, Any]) -> bool:
        """Store one update that arrived over the webhook; False when it could not be stored."""
        try:
            await self.inbox.store([payload])
        except Exception:  # Telegram delivers it again: nothing is lost
            log.exception("telegram: a webhook update could not be stored")
            return False
        return True

    async def stop(self) -> None:
        """Stop taking updates, finish those under way, stop the sender, close the session."""
        self._stop.set()
        if self._polling is not None:
            self._polling.cancel()  # a long poll; what it fetched and did not store comes again
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._polling
        await self.inbox.drain()
        self.sender.wake()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, timeout=10)
        await self.bot.session.close()


def _language(payload: dict[str, Any]) -> str | None:
    """The sender's language_code of a raw update, if it has one."""
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        event = payload.get(kind)
        sender = event.get("from") if isinstance(event, dict) else None
        if isinstance(sender, dict) and isinstance(sender.get("language_code"), str):
            return str(sender["language_code"])
    return None


async def _get_updates(
    http: aiohttp.ClientSession, url: str, offset: int | None
) -> list[dict[str, Any]]:
    """One long poll of getUpdates; the updates as Telegram sent them."""
    params: dict[str, Any] = {"timeout": POLL_SECONDS, "allowed_updates": ALLOWED_UPDATES}
    if offset is not None:
        params["offset"] = offset
    async with http.post(url, json=params) as response:
        body = await response.json(content_type=None)
    if not body.get("ok"):
        raise RuntimeError(f"getUpdates: {body.get('error_code')} {body.get('description')}")
    return [u for u in body.get("result") or [] if isinstance(u, dict) and "update_id" in u]
