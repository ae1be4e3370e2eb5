"""Simulated Telegram customers walking the claim wizard, and a Bot API that answers at once.

A `Transport` hands raw updates to a bot and tells the customers what the bot sent to which
chat; the customers (`Wizard`) answer each message like a person who taps at once, on an open
schedule that offers a fixed rate of updates in total. Latency is from handing an update over
to the first message the bot sent to that chat after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Message, User

Deliver = Callable[[dict[str, Any]], Awaitable[None]]
WIZARD = (
    ("command", "claim"),
    ("text", "KT1-0001"),
    ("press", "leak"),
    ("text", "Water leaks from the bottom"),
    ("press", "skip"),
    ("text", "+79161234567"),
    ("press", "repair"),
    ("press", "confirm"),
)


class Inbox:
    """What the bot sent, per chat: (message id, text, button callback data)."""

    def __init__(self) -> None:
        self.messages: dict[int, list[tuple[int, list[str]]]] = {}
        self.events: dict[int, asyncio.Event] = {}
        self.sent = 0

    def record(self, chat: int, message_id: int, markup: Any) -> None:
        """One message to `chat` (or an edit of one)."""
        data = [
            getattr(b, "callback_data", None)
            or (b.get("callback_data") if isinstance(b, dict) else None)
            or ""
            for row in _rows(markup)
            for b in row
        ]
        self.messages.setdefault(chat, []).append((message_id, data))
        self.sent += 1
        event = self.events.get(chat)
        if event is not None:
            event.set()


def _rows(markup: Any) -> list[list[Any]]:
    if markup is None:
        return []
    if isinstance(markup, dict):
        return list(markup.get("inline_keyboard") or [])
    return list(getattr(markup, "inline_keyboard", None) or [])


class NullSession(BaseSession):
    """A Bot API that accepts everything at once and tells `inbox` about each message; it takes
    aiogram's method models and plain JSON calls alike."""

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox
        self.ids = itertools.count(1)

    async def close(self) -> None:
        return None

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        name = type(method).__name__
        chat = getattr(method, "chat_id", None)
        if name in ("SendMessage", "EditMessageText", "SendDocument") and chat is not None:
            message_id = getattr(method, "message_id", None) or next(self.ids)
            self.inbox.record(int(chat), message_id, getattr(method, "reply_markup", None))
            return Message(  # type: ignore[return-value]
                message_id=message_id,
                date=datetime.now(UTC),
                chat=Chat(id=int(chat), type="private"),
                text=getattr(method, "text", None),
            )
        if name == "GetMe":
            return User(id=1, is_bot=True, first_name="Bench", username="bench_bot")  # type: ignore[return-value]
        return True  # type: ignore[return-value]

    async def raw_request(
        self,
        bot: Bot,
        method: str,
        params: dict[str, Any],
        timeout: float | None,  # noqa: ASYNC109
    ) -> tuple[int, dict[str, Any]]:
        """A call with its body as the Bot API's JSON (`bot.bot_api`): answered the same way."""
        chat = params.get("chat_id")
        if method in ("sendMessage", "editMessageText") and chat is not None:
            message_id = params.get("message_id") or next(self.ids)
            self.inbox.record(int(chat), message_id, params.get("reply_markup"))
            result: Any = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(chat), "type": "private"},
                "text": params.get("text"),
            }
            return 200, {"ok": True, "result": result}
        return 200, {"ok": True, "result": True}

    async def stream_content(  # type: ignore[override]
        self,
        url: str,
        headers: Any = None,
        timeout: int = 30,  # noqa: ASYNC109
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""


class Wizard:
    """Customers walking the claim wizard; `deliver` hands their updates to the bot."""

    def __init__(self, deliver: Deliver, inbox: Inbox, customers: int, rate: float) -> None:
        self.deliver, self.inbox = deliver, inbox
        self.customers = customers
        self.mean_pause = customers / rate if rate > 0 else 0.0
        self.latencies: list[float] = []
        self.window = (0.0, float("inf"))  # answers counted for the rate: the steady part
        self.in_window = 0
        self.lost = 0
        self.completed = 0
        self.chats = itertools.count(500_000)
        self.serial = itertools.count(1)
        self.random = random.Random(7)

    def _user(self, chat: int) -> dict[str, Any]:
        return {"id": chat, "is_bot": False, "first_name": "Bench", "language_code": "en"}

    def update(self, chat: int, kind: str, value: str) -> dict[str, Any]:
        """The raw update for one wizard step."""
        serial = next(self.serial)
        if kind == "press":
            message_id, data = next(
                (m, d)
                for m, ds in reversed(self.inbox.messages.get(chat, []))
                for d in ds
                if d.endswith(value)
            )
            message = {
                "message_id": message_id,
                "date": 0,
                "chat": {"id": chat, "type": "private"},
                "text": "…",
            }
            query = {
                "id": f"q{serial}",
                "from": self._user(chat),
                "message": message,
                "chat_instance": "1",
                "data": data,
            }
            return {"update_id": serial, "callback_query": query}
        text = f"/{value}" if kind == "command" else value
        message = {
            "message_id": 1_000_000 + serial,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": self._user(chat),
            "text": text,
        }
        if kind == "command":
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        return {"update_id": serial, "message": message}

    async def step(self, chat: int, kind: str, value: str, due: float, wait: float) -> bool:
        """Send one step when due; wait for the first answer to it. False when none came."""
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        event = self.inbox.events.setdefault(chat, asyncio.Event())
        event.clear()
        before = len(self.inbox.messages.get(chat, []))
        started = time.perf_counter()
        await self.deliver(self.update(chat, kind, value))
        deadline = started + wait
        while len(self.inbox.messages.get(chat, [])) == before:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), max(0.001, deadline - time.perf_counter()))
            event.clear()
            if time.perf_counter() > deadline:
                self.lost += 1
                return False
        answered = time.perf_counter()
        self.latencies.append((answered - started) * 1000)
        self.in_window += self.window[0] <= answered <= self.window[1]
        return True

    async def customer(self, until: float, wait: float) -> None:
        """Claim after claim from new customers in one slot until `until`."""
        due = time.perf_counter() + self.random.uniform(0, len(WIZARD) * self.mean_pause)
        while time.perf_counter() < until:
            chat = next(self.chats)
            for index, (kind, value) in enumerate(WIZARD):
                if index and kind == "press":  # the button comes with the answer: wait for it
                    await self._button(chat, value, wait)
                if not await self.step(chat, kind, value, due, wait):
                    break
                # An open schedule: the next step is due a random pause after this one was due.
                pause = self.random.expovariate(1 / self.mean_pause) if self.mean_pause else 0
                due = due + pause if self.mean_pause else time.perf_counter()
            else:
                self.completed += 1

    async def _button(self, chat: int, suffix: str, wait: float) -> None:
        deadline = time.perf_counter() + wait
        while not any(
            d.endswith(suffix) for _, ds in self.inbox.messages.get(chat, []) for d in ds
        ):
            if time.perf_counter() > deadline:
                return
            await asyncio.sleep(0.001)
