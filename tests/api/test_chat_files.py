"""Documents sent in the web chat open only for the chat they were sent to."""

from __future__ import annotations

from pathlib import Path

import httpx

from backend.config import Settings
from backend.web.app import create_app
from backend.web.chat import document_url
from backend.web.state import app_state
from tests.support.clock import suite_clock


async def test_signed_document_link_needs_the_owners_cookie(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'f.db'}",
        media_dir=tmp_path / "media",
        secret_key="files-secret-key-000000",
    )
    app = create_app(settings, clock=suite_clock())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://t") as owner,
            httpx.AsyncClient(transport=transport, base_url="http://t") as stranger,
        ):
            await owner.get("/")
            await stranger.get("/")
            state = app_state(app)
            chat_id = state.identity.read(owner.cookies["wi_chat"])
            assert chat_id
            folder = tmp_path / "media" / "documents"
            folder.mkdir(parents=True)
            (folder / "WR-2026-000001-act-abc.pdf").write_bytes(b"%PDF-1.4 test")
            url = document_url(state, chat_id, str(folder / "WR-2026-000001-act-abc.pdf"))
            assert (await owner.get(url)).content == b"%PDF-1.4 test"
            assert (await stranger.get(url)).status_code == 403
            assert (await owner.get(url[:-3] + "xyz")).status_code == 403
