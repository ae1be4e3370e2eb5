"""A fake Telegram Bot API server on loopback, for tests and benchmarks.

It answers `/bot{token}/{method}` (JSON, form-encoded or multipart bodies) and
`/file/bot{token}/{path}` the way api.telegram.org does, so a real aiogram `Bot` whose session
points at `base_url` works unchanged. Everything the bot does is recorded (`sent`, `edits`,
`callback_answers`, `commands`, `documents`, `calls`); faults are injected with `inject` and
`block_chat`, slow answers with `delay`. While `enforce_limits` is on, a message beyond
`per_chat_burst` back to back in one chat (then one per `per_chat_interval`), or beyond 30 in
a rolling second over all chats, answers 429 (retry_after 1) and counts in `violations`.

Incoming updates come from the builders at the end of the class (a text, a command, a button
press, a contact, photos or an album, a document, a sticker, a voice) and reach the bot through
`getUpdates` (`push_update`) or its webhook (`post_webhook`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.telegram_updates import UpdateBuilders

JSON_FIELDS = {
    "reply_markup",
    "commands",
    "scope",
    "allowed_updates",
    "media",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "duration"}
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_UPLOAD = {"document": 50 * 1024 * 1024, "photo": 10 * 1024 * 1024}
REGISTERED = object()  # post_webhook: use the secret the bot registered

Handler = Callable[[dict[str, Any]], Awaitable[Any]]


class ApiError(Exception):
    """An error answer: HTTP status, Telegram description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


@dataclass
class Injection:
    """The next `times` calls of one method answer `status`."""

    status: int
    times: int
    retry_after: int | None


def _error_for(status: int, retry_after: int | None) -> ApiError:
    if status == 429:
        return ApiError(429, f"Too Many Requests: retry after {retry_after or 1}", retry_after or 1)
    if status == 403:
        return ApiError(403, "Forbidden: bot was blocked by the user")
    return ApiError(status, HTTPStatus(status).phrase)


def _answer(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error_answer(error: ApiError) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.status,
        "description": error.description,
    }
    if error.retry_after is not None:
        body["parameters"] = {"retry_after": error.retry_after}
    return web.json_response(body, status=error.status)


def _coerce(key: str, value: str) -> Any:
    if key in JSON_FIELDS or key in {"show_alert", "drop_pending_updates", "disable_notification"}:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if key in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    return value


class FakeTelegram(UpdateBuilders):
    """The fake Bot API: start it, point a `Bot` at `base_url`, then inspect what it recorded."""

    def __init__(
        self,
        token: str = "123456789:AAFakeTokenForTests",
        *,
        enforce_limits: bool = False,
        per_chat_interval: float = 1.0,
        global_per_second: int = 30,
        per_chat_burst: int = 3,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.enforce_limits = enforce_limits
        self.per_chat_interval, self.global_per_second = per_chat_interval, global_per_second
        self.per_chat_burst = per_chat_burst
        self.delays: dict[str, float] = {}
        self.sent: list[dict[str, Any]] = []
        self.edits: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.documents: list[dict[str, Any]] = []
        self.chat_actions: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.violations = 0
        self.violation_log: list[tuple[str, int, float]] = []
        self.rate_limited = 0
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.files: dict[str, bytes] = {}
        self._file_meta: dict[str, tuple[str, int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._serial = itertools.count(1)
        self._wakeup = asyncio.Event()
        self._injected: dict[str, deque[Injection]] = {}
        self._blocked: set[int] = set()
        self._last_in_chat: dict[int, float] = {}
        self._recent: deque[float] = deque()
        self._callbacks: set[str] = set()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._methods: dict[str, Handler] = {
            name.lower(): getattr(self, f"_m_{name}")
            for name in (
                "getMe",
                "getUpdates",
                "sendMessage",
                "editMessageText",
                "editMessageReplyMarkup",
                "answerCallbackQuery",
                "sendDocument",
                "sendPhoto",
                "sendChatAction",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "deleteWebhook",
                "setWebhook",
                "getWebhookInfo",
                "getFile",
            )
        }

    # ---- lifecycle -----------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        return self

    async def stop(self) -> None:
        """Release pending long polls and close the server."""
        self._closing = True
        self._wakeup.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- test controls -------------------------------------------------------------------
    def inject(
        self, method: str, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        """Answer the next `times` calls of `method` with `status` (429 carries retry_after)."""
        queue = self._injected.setdefault(method.lower(), deque())
        queue.append(Injection(status, times, retry_after))

    def delay(self, method: str, seconds: float) -> None:
        """Answer every call of `method` (or file downloads: "download") only after `seconds`
        (0 ends the delay)."""
        self.delays[method.lower()] = seconds

    def block_chat(self, chat_id: int) -> None:
        """The user of `chat_id` blocked the bot: sending there answers 403."""
        self._blocked.add(int(chat_id))

    def add_file(self, file_id: str, data: bytes, file_size: int | None = None) -> str:
        """Make `file_id` downloadable through getFile (file_size may claim a bigger file)."""
        self.files[file_id] = data
        self._file_meta[file_id] = (
            f"files/{len(self._file_meta)}_{file_id}",
            len(data) if file_size is None else file_size,
        )
        return file_id

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        update.setdefault("update_id", self.next_update_id())
        self._updates.append(update)
        self._wakeup.set()
        return int(update["update_id"])

    def next_update_id(self) -> int:
        """A fresh update_id."""
        return next(self._update_ids)

    async def post_webhook(self, update: dict[str, Any], secret: object = REGISTERED) -> int:
        """POST `update` to the registered webhook like Telegram does; returns the HTTP status."""
        if self.webhook_url is None:
            raise RuntimeError("no webhook registered")
        update.setdefault("update_id", self.next_update_id())
        token = self.webhook_secret if secret is REGISTERED else secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": str(token)} if token else {}
        async with (
            aiohttp.ClientSession() as client,
            client.post(self.webhook_url, json=update, headers=headers) as response,
        ):
            return response.status

    def texts_to(self, chat_id: int) -> list[str]:
        """Texts of the messages sent to one chat, in order."""
        return [m["text"] for m in self.sent if m["chat_id"] == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message as the server knows it (sent by the bot or pushed as an update)."""
        return self._messages[(chat_id, message_id)]

    # ---- HTTP ----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_answer(ApiError(401, "Unauthorized"))
        method = request.match_info["method"].lower()
        handler = self._methods.get(method)
        if handler is None:
            return _error_answer(ApiError(404, "Not Found"))
        params = await self._read_params(request)
        self.calls.append((request.match_info["method"], params))
        try:
            if self.delays.get(method):
                await asyncio.sleep(self.delays[method])
            self._take_injection(method)
            return _answer(await handler(params))
        except ApiError as error:
            self.rate_limited += error.status == 429
            return _error_answer(error)

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        if request.method == "GET":
            return {k: _coerce(k, v) for k, v in request.query.items()}
        params: dict[str, Any] = {}
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                params[key] = value.file.read()
            else:
                params[key] = _coerce(key, value if isinstance(value, str) else value.decode())
        return params

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if self.delays.get("download"):
            await asyncio.sleep(self.delays["download"])
        path = request.match_info["path"]
        for file_id, (file_path, _size) in self._file_meta.items():
            if file_path == path and request.match_info["token"] == self.token:
                return web.Response(body=self.files[file_id])
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )

    def _take_injection(self, method: str) -> None:
        queue = self._injected.get(method)
        if not queue:
            return
        injection = queue[0]
        injection.times -= 1
        if injection.times <= 0:
            queue.popleft()
        raise _error_for(injection.status, injection.retry_after)

    def _check_deliverable(self, chat_id: int) -> None:
        if chat_id in self._blocked:
            raise _error_for(403, None)
        if not self.enforce_limits:
            return
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        # A chat's next time runs ahead of the clock by at most burst - 1 intervals.
        due = self._last_in_chat.get(chat_id, now)
        slack = (self.per_chat_burst - 1) * self.per_chat_interval
        reason = ""
        if due - slack > now + 1e-9:
            reason = "chat"
        elif len(self._recent) >= self.global_per_second:
            reason = "global"
        if reason:
            self.violations += 1
            self.violation_log.append((reason, chat_id, now))
            raise _error_for(429, 1)
        self._last_in_chat[chat_id] = max(due, now) + self.per_chat_interval
        self._recent.append(now)

    # ---- messages ------------------------------------------------------------------------
    def me(self) -> dict[str, Any]:
        """The bot's own User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Warranty Test Bot",
            "username": "warranty_test_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def store_message(self, chat_id: int, sender: dict[str, Any], **fields: Any) -> dict[str, Any]:
        """Create a message in a chat with the next message_id of that chat."""
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        chat: dict[str, Any] = {"id": chat_id, "type": "private" if chat_id > 0 else "group"}
        chat.update({"first_name": "User"} if chat_id > 0 else {"title": "Group"})
        message = {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            **{k: v for k, v in fields.items() if v is not None},
        }
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _outgoing(self, method: str, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        self._check_deliverable(chat_id)
        inline = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        message = self.store_message(chat_id, self.me(), reply_markup=inline, **fields)
        self.sent.append(
            {
                "method": method,
                "chat_id": chat_id,
                "text": fields.get("text"),
                "caption": fields.get("caption"),
                "reply_markup": markup,
                "parse_mode": params.get("parse_mode"),
                "message_id": message["message_id"],
                "time": time.monotonic(),
            }
        )
        return message

    @staticmethod
    def _chat_id(params: dict[str, Any]) -> int:
        try:
            return int(params["chat_id"])
        except (KeyError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    @staticmethod
    def _check_markup(markup: Any) -> None:
        for row in (markup or {}).get("inline_keyboard", []) if isinstance(markup, dict) else []:
            for button in row:
                if len(str(button.get("callback_data", "")).encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _upload(self, params: dict[str, Any], field: str) -> tuple[str, bytes | None]:
        value = params.get(field)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if isinstance(value, str) and value in self.files:
            return value, self.files[value]
        if not isinstance(value, bytes):
            return str(value), None  # a file_id or URL we do not know: accepted as is
        if len(value) > MAX_UPLOAD[field]:
            raise ApiError(413, "Request Entity Too Large")
        return self.add_file(f"{field}-{len(self.files) + 1}", value), value

    # ---- methods -------------------------------------------------------------------------
    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return self.me()

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        deadline = time.monotonic() + int(params.get("timeout") or 0)
        while not self._updates and not self._closing and time.monotonic() < deadline:
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        return self._updates[:limit]

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        text = params.get("text") or ""
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._outgoing("sendMessage", params, text=text)

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        file_id, data = self._upload(params, "document")
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": params.get("file_name") or "file",
            "file_size": len(data or b""),
        }
        message = self._outgoing(
            "sendDocument", params, document=document, caption=params.get("caption")
        )
        self.documents.append(
            {
                "chat_id": message["chat"]["id"],
                "file_id": file_id,
                "data": data,
                "caption": params.get("caption"),
                "message_id": message["message_id"],
            }
        )
        return message

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        file_id, data = self._upload(params, "photo")
        size = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "width": 800,
            "height": 600,
            "file_size": len(data or b""),
        }
        return self._outgoing("sendPhoto", params, photo=[size], caption=params.get("caption"))

    async def _edit(self, params: dict[str, Any], text: str | None) -> Any:
        key = (self._chat_id(params), int(params.get("message_id") or 0))
        if key not in self._messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        message = self._messages[key]
        markup = params.get("reply_markup")
        self._check_markup(markup)
        new_text = message.get("text") if text is None else text
        if new_text == message.get("text") and markup == message.get("reply_markup"):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current "
                "content and reply markup of the message",
            )
        message.update(text=new_text, edit_date=int(time.time()))
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        self.edits.append(
            {
                "chat_id": key[0],
                "message_id": key[1],
                "text": text,
                "reply_markup": markup,
                "time": time.monotonic(),
            }
        )
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        return await self._edit(params, str(params.get("text") or ""))

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        return await self._edit(params, None)

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._callbacks:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._callbacks.discard(query_id)
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": params.get("text"),
                "show_alert": bool(params.get("show_alert")),
            }
        )
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        self.chat_actions.append({"chat_id": self._chat_id(params), "action": params.get("action")})
        return True

    def _commands_key(self, params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        language = str(params.get("language_code") or "")
        return language if scope.get("type") == "default" else f"{language}@{scope['type']}"

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands[self._commands_key(params)] = list(params.get("commands") or [])
        return True

    async def _m_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(self._commands_key(params), [])

    async def _m_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        if not params.get("url"):
            return await self._m_deleteWebhook(params)
        self.webhook_url, self.webhook_secret = str(params["url"]), params.get("secret_token")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = self.webhook_secret = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id"))
        if file_id not in self._file_meta:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, size = self._file_meta[file_id]
        if size > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": size,
            "file_path": path,
        }

    def register_callback(self, query_id: str) -> None:
        """Accept one answerCallbackQuery for `query_id`."""
        self._callbacks.add(query_id)


def aiogram_bot(fake: FakeTelegram, **kwargs: Any) -> Any:
    """A real aiogram Bot talking to `fake` (close it with `await bot.session.close()`)."""
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
    return Bot(fake.token, session=session, **kwargs)
