"""Bot API calls with the request body built directly as the Bot API's JSON.

aiogram builds a pydantic model for every method call and another for every answer; for the
messages the bot sends most (texts with buttons, callback answers, edits) that costs more than
the rest of the reply's way out. Here the body is a plain dict posted as JSON and only the
fields the caller needs are read back. Errors are raised exactly as aiogram raises them
(`TelegramRetryAfter`, `TelegramForbiddenError`, ...: the session's own `check_response` maps
the answer, the method model being built only then), so the sender's handling is the same.

A session may take such calls itself (`RawTransport`: an in-process Bot API); an aiohttp
session posts them over its own connection pool; any other session gets the aiogram method.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from aiogram import Bot, methods
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiohttp import ClientError, ClientTimeout
from pydantic import BaseModel

Json = dict[str, Any]


class RawTransport(Protocol):
    """A Bot API session that answers plain calls: (HTTP status, the answer's JSON body)."""

    async def raw_request(
        self,
        bot: Bot,
        method: str,
        params: Json,
        timeout: float | None,  # noqa: ASYNC109 - handed to the HTTP client
    ) -> tuple[int, Json]:
        """Call `method` with `params`; the status and the decoded answer."""


async def call(bot: Bot, method: str, params: Json, timeout: float | None = None) -> Any:  # noqa: ASYNC109
    """Call the Bot API `method` with `params` (JSON); the answer's `result` as JSON."""
    session = bot.session
    raw_request = getattr(session, "raw_request", None)  # `RawTransport` (a cheap check)
    if raw_request is not None:
        status, body = await raw_request(bot, method, params, timeout)
    elif isinstance(session, AiohttpSession):
        status, body = await _post(session, bot, method, params, timeout)
    else:
        result = await bot(_method(method, params, checked=True), request_timeout=_seconds(timeout))
        return result.model_dump(mode="json") if isinstance(result, BaseModel) else result
    if 200 <= status < 300 and body.get("ok"):
        return body.get("result")
    session.check_response(bot, _method(method, params), status, json.dumps(body))
    raise TelegramAPIError(_method(method, params), str(body.get("description")))


async def _post(
    session: AiohttpSession,
    bot: Bot,
    method: str,
    params: Json,
    timeout: float | None,  # noqa: ASYNC109 - handed to the HTTP client
) -> tuple[int, Json]:
    http = await session.create_session()
    url = session.api.api_url(token=bot.token, method=method)
    try:
        async with http.post(
            url, json=params, timeout=ClientTimeout(total=timeout or session.timeout)
        ) as response:
            text = await response.text()
    except TimeoutError as error:
        raise TelegramNetworkError(_method(method, params), "Request timeout error") from error
    except ClientError as error:
        message = f"{type(error).__name__}: {error}"
        raise TelegramNetworkError(_method(method, params), message) from error
    try:
        body = json.loads(text)
    except ValueError:
        body = {"ok": False, "description": text[:200]}
    return response.status, body if isinstance(body, dict) else {"ok": False}


def _method(name: str, params: Json, *, checked: bool = False) -> TelegramMethod[Any]:
    """aiogram's model of the call: unchecked for its error mapping, checked to send it."""
    model: type[TelegramMethod[Any]] = getattr(methods, name[0].upper() + name[1:])
    return model.model_validate(params) if checked else model.model_construct(**params)


def _seconds(timeout: float | None) -> int | None:
    return None if timeout is None else max(1, round(timeout))
