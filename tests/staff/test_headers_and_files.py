"""Security headers on every route, and customer files that never run in the console."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
from fastapi.routing import iter_route_contexts
from PIL import Image
from sqlalchemy import select

from backend.claims.models import Attachment
from backend.claims.storage import store_bytes
from backend.staff.models import Role
from tests.fakes.images import bomb_png
from tests.support.chat import png_bytes
from tests.support.clock import NOW
from tests.support.console import client_for, make_claim, make_staff, sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "backend" / "web" / "templates"


def _check_headers(response: httpx.Response, where: str) -> None:
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy, where
    if not where.split()[-1].startswith(("/docs", "/redoc")):
        assert "'unsafe-inline'" not in policy.split("style-src")[0], where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") == "same-origin", where
    assert "camera=()" in headers.get("permissions-policy", ""), where
    if where.split()[-1].startswith(("/staff", "/chat/files", "/chat/history")):
        assert headers.get("cache-control") == "no-store", where


async def test_every_route_answers_with_the_security_headers(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    await make_staff(sessions, "hedda", Role.ADMIN)
    paths: list[tuple[str, str]] = [("GET", "/static/chat.js"), ("GET", "/no-such-page")]
    for route in iter_route_contexts(app.routes):
        path = re.sub(r"\{[^}]+\}", str(claim.id), route.path or "")
        paths += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    assert len(paths) > 25
    async with client_for(app, "192.0.2.40") as anonymous, client_for(app, "192.0.2.41") as staff:
        assert (await sign_in(staff, "hedda", "hedda-password-1")).status_code == 303
        for client, who in ((anonymous, "anonymous"), (staff, "admin")):
            for method, path in paths:
                response = await client.request(method, path)
                assert response.status_code < 500, (who, method, path)
                _check_headers(response, f"{who} {method} {path}")


def test_no_template_carries_inline_script_handlers_or_styles() -> None:
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        scripts = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", html)
        assert scripts == [], template
        assert not re.search(r"\son[a-z]+\s*=", html), template
        assert "<style" not in html and " style=" not in html, template


async def _attach(sessions, media_dir: Path, data: bytes, claim_id: int) -> int:  # type: ignore[no-untyped-def]
    stored = await store_bytes(data, media_dir, 20 << 20, "defect.png", now=NOW)
    async with sessions() as session:
        attachment = Attachment(
            claim_id=claim_id,
            kind="photo",
            sha256=stored.sha256,
            content_type=stored.content_type,
            size=stored.size,
            path=stored.path,
        )
        session.add(attachment)
        await session.commit()
        return attachment.id


async def test_staff_see_previews_and_download_originals(console, tmp_path: Path) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    await make_staff(sessions, "ivo")
    photo = await _attach(sessions, tmp_path / "media", png_bytes(7), claim.id)
    async with client_for(app, "192.0.2.42") as client:
        await sign_in(client, "ivo", "ivo-password-1")
        page = await client.get(f"/staff/claims/{claim.id}")
        assert f'src="/staff/attachments/{photo}/preview"' in page.text
        preview = await client.get(f"/staff/attachments/{photo}/preview")
        assert preview.status_code == 200 and preview.headers["content-type"] == "image/jpeg"
        assert Image.open(io.BytesIO(preview.content)).format == "JPEG"
        original = await client.get(f"/staff/attachments/{photo}")
        assert original.headers["content-disposition"].startswith("attachment")
        assert "sandbox" in original.headers["content-security-policy"]
        assert original.content == png_bytes(7)


async def test_a_decompression_bomb_is_never_decoded(console, tmp_path: Path) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    await make_staff(sessions, "jo")
    media = tmp_path / "media"
    # Refused when it arrives ...
    async with client_for(app, "192.0.2.43") as customer:
        page = await customer.get("/")
        token = re.search(r'data-csrf="([^"]+)"', page.text)
        assert token
        answer = await customer.post(
            "/chat/upload",
            files=[("files", ("bomb.png", bomb_png(), "image/png"))],
            headers={"x-csrf-token": token.group(1)},
        )
    assert answer.status_code == 200
    assert "too many pixels" in answer.text
    assert not [p for p in media.rglob("*.png")]
    # ... and one stored before the check gets no preview, only a download.
    target = media / "old" / "bomb.png"
    target.parent.mkdir(parents=True)
    target.write_bytes(bomb_png())
    async with sessions() as session:
        session.add(
            Attachment(
                claim_id=claim.id,
                kind="photo",
                sha256="0" * 64,
                content_type="image/png",
                size=target.stat().st_size,
                path="old/bomb.png",
            )
        )
        await session.commit()
        bomb = await session.scalar(select(Attachment.id).where(Attachment.path == "old/bomb.png"))
    async with client_for(app, "192.0.2.44") as staff:
        await sign_in(staff, "jo", "jo-password-1")
        assert (await staff.get(f"/staff/attachments/{bomb}/preview")).status_code == 404
        assert not (media / "previews").exists()
