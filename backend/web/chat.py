"""Web chat endpoints: the page, its WebSocket, an HTTP fallback, history and uploads."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, UploadFile, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer

from backend.claims.storage import UploadRejected
from backend.i18n import pick_locale
from backend.notifications.service import mark_delivered
from backend.web.api.errors import ErrorBody
from backend.web.frames import BadFrame, parse_frame, reply_frames, valid_message_id
from backend.web.identity import COOKIE, COOKIE_MAX_AGE
from backend.web.inputs import BadInput, parse_json
from backend.web.pages import render_page
from backend.web.state import AppState, app_state
from backend.web.uploads import store_uploads
from dialogs.media import rejected
from dialogs.store import history, load_conversation
from dialogs.types import Content, Incoming, Media, Reply, Say

log = logging.getLogger(__name__)
router = APIRouter()
MAX_FILES_PER_UPLOAD = 10
# Without the page's cookie and CSRF token: 403; a malformed frame or message id: 422.
REFUSED: dict[int | str, dict[str, Any]] = {403: {"model": ErrorBody}}
REFUSED_OR_INVALID: dict[int | str, dict[str, Any]] = {**REFUSED, 422: {"model": ErrorBody}}
DOCUMENT_TYPES = {".pdf": "application/pdf", ".ics": "text/calendar"}
MAX_FRAME = 64 * 1024  # characters; a page frame is a few hundred


def browser_locale(header: str | None, default: str) -> str:
    """The first supported language of an Accept-Language header."""
    for part in (header or "").split(","):
        code = part.split(";")[0].strip()
        if code and pick_locale(code, "") in ("en", "ru", "ko"):
            return pick_locale(code)
    return default


async def answer(
    state: AppState, chat_id: str, content: Content, message_id: str | None, locale: str | None
) -> list[dict[str, Any]]:
    """Run one event through the engine; confirm the replies that carry an outbox row."""
    event_id = f"{chat_id}:{message_id}" if message_id else None
    replies: list[Reply] = await state.engine.handle(
        Incoming("web", chat_id, content, event_id=event_id, locale_hint=locale)
    )
    outbox_ids = [r.outbox_id for r in replies if isinstance(r, Say) and r.outbox_id]
    if outbox_ids:
        async with state.sessions() as session:
            for outbox_id in outbox_ids:
                await mark_delivered(session, outbox_id, now=state.clock.now())
            await session.commit()
    frames = reply_frames(replies, lambda path: document_url(state, chat_id, path))
    at = state.clock.now().isoformat()
    return [{**frame, "at": at} for frame in frames]


async def history_frames(state: AppState, chat_id: str) -> dict[str, Any]:
    """The conversation so far and its language, for a page that (re)connects."""
    async with state.sessions() as session:
        conversation = await load_conversation(session, "web", chat_id)
        if conversation is None:
            return {"type": "history", "messages": [], "locale": None}
        messages = await history(session, conversation.id)
        frames = [
            {"direction": m.direction, **m.payload, "at": m.created_at.isoformat()}
            for m in messages
        ]
    for frame in frames:
        if frame.get("type") == "document" and frame.get("path"):
            frame["url"] = document_url(state, chat_id, frame.pop("path"))
        sent = frame.get("document")
        if isinstance(sent, dict) and sent.get("path"):  # a document staff sent
            sent["url"] = document_url(state, chat_id, sent.pop("path"))
    return {"type": "history", "locale": conversation.locale, "messages": frames}


def _file_signer(state: AppState) -> URLSafeSerializer:
    return URLSafeSerializer(state.identity.secret, salt="chat-file")


def document_url(state: AppState, chat_id: str, path: str) -> str:
    """A download link for a document sent to this chat; only this chat's cookie opens it."""
    documents = (state.settings.media_dir / "documents").resolve()
    name = Path(path).resolve().relative_to(documents).as_posix()
    return f"/chat/files/{_file_signer(state).dumps([chat_id, name])}"


@router.get("/chat/files/{token}", responses=REFUSED)
async def chat_file(request: Request, token: str) -> Response:
    """A document the dialog sent (an acceptance act), for the chat it was sent to."""
    state = app_state(request.app)
    chat_id = state.identity.read(request.cookies.get(COOKIE))
    try:
        owner, name = _file_signer(state).loads(token)
    except (BadSignature, ValueError, TypeError):
        return _refused()
    documents = (state.settings.media_dir / "documents").resolve()
    path = (documents / str(name)).resolve()
    if owner != chat_id or documents not in path.parents or not path.is_file():
        return _refused()
    media_type = DOCUMENT_TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=media_type, filename=path.name)


@router.get("/", response_class=HTMLResponse)
async def chat_page(request: Request) -> Response:
    """The chat page; a first visit gets its signed identity cookie here."""
    state = app_state(request.app)
    chat_id = state.identity.read(request.cookies.get(COOKIE))
    fresh = chat_id is None
    chat_id = chat_id or state.identity.new_id()
    locale = (
        pick_locale(request.query_params.get("lang"))
        if request.query_params.get("lang")
        else browser_locale(request.headers.get("accept-language"), state.settings.default_locale)
    )
    embedded = request.query_params.get("embed") == "1"  # inside the widget's frame
    response = render_page(
        request,
        "chat.html",
        locale,
        csrf_token=state.identity.csrf_token(chat_id),
        company=state.settings.company_name,
        embedded=embedded,
    )
    if fresh:
        https = request.url.scheme == "https"
        # Framed by another site, the cookie is third-party: over HTTPS it is sent there only
        # as SameSite=None, kept in that site's partition (CHIPS).
        third_party = embedded and https
        response.set_cookie(
            COOKIE,
            state.identity.sign(chat_id),
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="none" if third_party else "lax",
            secure=https,
            partitioned=third_party,
        )
    return response


def _chat_id(request: Request, state: AppState) -> str | None:
    chat_id = state.identity.read(request.cookies.get(COOKIE))
    if chat_id is None or not state.identity.csrf_ok(chat_id, request.headers.get("x-csrf-token")):
        return None
    return chat_id


def _refused() -> JSONResponse:
    return JSONResponse({"code": "forbidden", "message": "Reload the page."}, status_code=403)


@router.get("/chat/history", responses=REFUSED)
async def chat_history(request: Request) -> Response:
    """The conversation so far (HTTP fallback of the socket's first frame)."""
    state = app_state(request.app)
    chat_id = state.identity.read(request.cookies.get(COOKIE))
    if chat_id is None:
        return _refused()
    return JSONResponse(await history_frames(state, chat_id))


@router.post("/chat/events", responses=REFUSED_OR_INVALID)
async def chat_event(request: Request) -> Response:
    """One page frame over plain HTTP, for browsers without a working WebSocket."""
    state = app_state(request.app)
    chat_id = _chat_id(request, state)
    if chat_id is None:
        return _refused()
    try:
        content, message_id = parse_frame(await request.json())
    except (BadFrame, ValueError):
        return JSONResponse({"code": "bad_frame", "message": "Malformed message."}, 422)
    locale = (
        pick_locale(request.query_params["lang"])
        if request.query_params.get("lang")
        else browser_locale(request.headers.get("accept-language"), state.settings.default_locale)
    )
    return JSONResponse(
        {"type": "replies", "replies": await answer(state, chat_id, content, message_id, locale)}
    )


@router.post("/chat/upload", responses=REFUSED_OR_INVALID)
async def chat_upload(request: Request, files: list[UploadFile]) -> Response:
    """Photos, videos or PDFs from the page: checked, stored, sent to the dialog as one event."""
    state = app_state(request.app)
    chat_id = _chat_id(request, state)
    if chat_id is None:
        return _refused()
    message_id = request.headers.get("x-message-id") or None
    if message_id is not None and not valid_message_id(message_id):
        return JSONResponse({"code": "bad_frame", "message": "Malformed message id."}, 422)
    content: Content
    try:
        uploads = files[:MAX_FILES_PER_UPLOAD]
        content = Media(await store_uploads(uploads, state.settings, state.clock.now()))
    except UploadRejected as error:
        content = rejected(error)
    return JSONResponse(
        {"type": "replies", "replies": await answer(state, chat_id, content, message_id, None)}
    )


@router.websocket("/chat/ws")
async def chat_socket(socket: WebSocket) -> None:
    """The live chat: history first, then a reply frame for every page frame."""
    state = app_state(socket.app)
    chat_id = state.identity.read(socket.cookies.get(COOKIE))
    origin, host = socket.headers.get("origin"), socket.headers.get("host")
    if chat_id is None or (origin and host and origin.split("://", 1)[-1] != host):
        await socket.close(code=4403)
        return
    await socket.accept()
    locale = (
        pick_locale(socket.query_params["lang"])
        if socket.query_params.get("lang")
        else browser_locale(socket.headers.get("accept-language"), state.settings.default_locale)
    )
    try:
        await socket.send_json(await history_frames(state, chat_id))
        # Registered after the history, so a pending notification can't overtake it.
        state.hub.connect(chat_id, socket)
        while True:
            message = await socket.receive()
            if message["type"] == "websocket.disconnect":
                return
            # A binary frame is text the page never sends: it gets the malformed-frame answer.
            raw = message.get("text") or (message.get("bytes") or b"").decode("utf-8", "replace")
            if len(raw) > MAX_FRAME:
                await socket.close(code=1009)
                return
            try:
                content, message_id = parse_frame(parse_json(raw))
            except (BadFrame, BadInput) as error:
                await socket.send_json(
                    {"type": "error", "code": "bad_frame", "message": str(error)}
                )
                continue
            replies = await answer(state, chat_id, content, message_id, locale)
            await socket.send_json({"type": "replies", "id": message_id, "replies": replies})
    except (WebSocketDisconnect, ValueError):
        pass
    finally:
        state.hub.disconnect(chat_id, socket)
