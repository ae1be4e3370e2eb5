"""The Telegram webhook: updates pushed by Telegram, checked against the shared secret."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend.web.inputs import BadInput, parse_json
from backend.web.state import app_state

log = logging.getLogger(__name__)
router = APIRouter(tags=["telegram"], include_in_schema=False)
SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 - a header name


@router.post("/telegram/webhook")
async def telegram_webhook(request: Request) -> JSONResponse:
    """Store one update for the bot and answer at once; a wrong secret changes nothing (401).

    200 goes for anything no redelivery could fix (not JSON, not an update), so Telegram does
    not send it again and again; 503 only when the update could not be stored.
    """
    frontend: Any = app_state(request.app).extras.get("telegram")
    if frontend is None or not frontend.webhook_mode:
        return JSONResponse({"code": "not_found", "message": "No webhook here."}, status_code=404)
    if not frontend.secret_ok(request.headers.get(SECRET_HEADER)):
        return JSONResponse({"code": "unauthorized", "message": "Wrong secret."}, status_code=401)
    try:
        payload = parse_json(await request.body(), strip=True)
    except BadInput as error:
        return _ignored(f"malformed JSON ({error})")
    if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
        return _ignored("not an update")
    if not await frontend.feed_webhook(payload):
        return JSONResponse(
            {"code": "unavailable", "message": "Not stored; send it again."}, status_code=503
        )
    return JSONResponse({"ok": True})


def _ignored(reason: str) -> JSONResponse:
    """Acknowledge an update we can't use, so Telegram does not send it again and again."""
    log.warning("ignored a webhook update: %s", reason)
    return JSONResponse({"ok": True, "ignored": True})
