"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from backend.web.state import AppState, app_state

router = APIRouter(tags=["health"])
# Each check gets its own budget, so the whole answer comes within two seconds.
CHECK_TIMEOUT = 0.9


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


async def _database_ok(state: AppState) -> bool:
    async with state.sessions() as session:
        await session.execute(text("SELECT 1"))
    return True


def _media_writable(media_dir: Path) -> bool:
    probe = media_dir / f".ready-{secrets.token_hex(4)}"
    probe.write_bytes(b"ok")
    probe.unlink()
    return True


async def _passes(check: Awaitable[bool]) -> bool:
    try:
        return await asyncio.wait_for(check, CHECK_TIMEOUT)
    except Exception:  # unreachable, refused, timed out, full disk: all mean "not ready"
        return False


@router.get(
    "/readyz",
    responses={503: {"description": "The database or the media folder is not usable."}},
)
async def readyz(request: Request) -> JSONResponse:
    """The process can reach its database and write to its media folder (answers within 2 s)."""
    state = app_state(request.app)
    database, media = await asyncio.gather(
        _passes(asyncio.ensure_future(_database_ok(state))),
        _passes(
            asyncio.ensure_future(asyncio.to_thread(_media_writable, state.settings.media_dir))
        ),
    )
    body = {
        "status": "ok" if database and media else "unavailable",
        "database": "ok" if database else "unreachable",
        "media": "ok" if media else "unwritable",
    }
    return JSONResponse(body, status_code=200 if database and media else 503)
