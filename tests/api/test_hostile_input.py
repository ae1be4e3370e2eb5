"""Input an attacker sends: control characters, deep JSON, huge frames, guessing, wrong keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
import websockets
from sqlalchemy import func, select

from backend.claims.models import Claim
from backend.config import Settings
from backend.integrations.models import ApiScope
from backend.web.app import create_app
from tests.servers import running
from tests.support.api_keys import make_key
from tests.support.chat import png_bytes
from tests.support.clock import suite_clock

CLAIM = {
    "serial": "KT1-0001",
    "defect_category": "leak",
    "description": "Leaks at the base",
    "customer_name": "Ivan",
    "phone": "8 916 123-45-67",
}
DEEP = "[" * 100_000 + "]" * 100_000


async def _chat(client: httpx.AsyncClient) -> dict[str, str]:
    page = await client.get("/")
    token = re.search(r'data-csrf="([^"]+)"', page.text)
    assert token
    return {"x-csrf-token": token.group(1)}


async def test_control_characters_are_refused_on_every_engine(api) -> None:
    client, sessions = api
    key = {"X-API-Key": await make_key(sessions)}
    refused = [
        await client.post("/api/v1/claims/lookup", json={"number": "WR-2026\0", "phone": "+7916"}),
        await client.get("/api/v1/claims/WR-2026%00"),
        await client.get("/api/v1/warranty/KT1%00-0001"),
        await client.get("/api/v1/warranty/KT1-0001", params={"lang": "en\0"}),
    ]
    for field in ("description", "customer_name", "serial"):
        body = {**CLAIM, field: CLAIM[field] + "\0 more"}
        refused.append(await client.post("/api/v1/claims", json=body, headers=key))
    chat = await _chat(client)
    refused.append(
        await client.post("/chat/events", json={"type": "text", "text": "a\0"}, headers=chat)
    )
    refused.append(
        await client.post(
            "/chat/events", json={"type": "text", "text": "hi", "id": "m\0"}, headers=chat
        )
    )
    refused.append(await client.post("/staff/login", data={"login": "admin\0", "password": "x"}))
    assert [r.status_code for r in refused] == [422] * len(refused), [r.text for r in refused]
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Claim)) == 0
    created = await client.post("/api/v1/claims", json=CLAIM, headers=key)
    assert created.status_code == 201


async def test_a_file_name_with_control_characters_is_stored_clean(api, tmp_path: Path) -> None:
    client, _ = api
    chat = await _chat(client)
    answer = await client.post(
        "/chat/upload",
        files=[("files", ("bad\0name\x1b.png", png_bytes(3), "image/png"))],
        headers={**chat, "x-message-id": "upload-1"},
    )
    assert answer.status_code == 200
    odd = await client.post(
        "/chat/upload",
        files=[("files", ("x.png", png_bytes(4), "image/png"))],
        headers={**chat, "x-message-id": "m\x01"},
    )
    assert odd.status_code == 422
    stored = sorted((tmp_path / "media").rglob("*.png"))
    mixed = await client.post(
        "/chat/upload",
        files=[
            ("files", ("good.png", png_bytes(5), "image/png")),
            ("files", ("evil.exe", b"MZ not a photo", "image/png")),
        ],
        headers=chat,
    )
    assert mixed.status_code == 200 and "can't open this kind of file" in mixed.text
    # Neither a refused message id nor a refused file leaves a stored file behind.
    assert sorted((tmp_path / "media").rglob("*.png")) == stored


async def test_deep_and_huge_json_get_a_4xx(api) -> None:
    client, sessions = api
    key = {"X-API-Key": await make_key(sessions)}
    chat = await _chat(client)
    json_type = {"content-type": "application/json"}
    for path, headers in (
        ("/chat/events", chat),
        ("/api/v1/claims", key),
        ("/api/v1/claims/lookup", {}),
    ):
        deep = await client.post(path, content=DEEP, headers={**headers, **json_type})
        assert deep.status_code == 422, (path, deep.text)
        huge = await client.post(
            path, content='{"text": "' + "x" * (2 << 20) + '"}', headers={**headers, **json_type}
        )
        assert huge.status_code == 413, path


async def test_claim_lookup_is_rate_limited_per_client(api) -> None:
    client, _ = api
    guess = {"number": "WR-2026-000001", "phone": "+79161234567"}
    answers = [
        (await client.post("/api/v1/claims/lookup", json=guess)).status_code for _ in range(12)
    ]
    assert answers == [404] * 10 + [429] * 2
    other = httpx.ASGITransport(app=client._transport.app, client=("198.51.100.3", 1))  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=other, base_url="http://test") as neighbour:
        assert (await neighbour.post("/api/v1/claims/lookup", json=guess)).status_code == 404


async def test_api_keys_only_do_what_their_scope_says(api) -> None:
    client, sessions = api
    manager = {"X-API-Key": await make_key(sessions, ApiScope.MANAGER)}
    integration = {"X-API-Key": await make_key(sessions, ApiScope.INTEGRATION)}
    assert (await client.post("/api/v1/claims", json=CLAIM, headers=manager)).status_code == 401
    assert (await client.get("/api/v1/stats", headers=integration)).status_code == 401
    assert (await client.get("/api/v1/stats", headers=manager)).status_code == 200
    assert (await client.post("/api/v1/claims", json=CLAIM, headers=integration)).status_code == 201


async def test_websocket_frames_are_bounded(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'ws.db'}",
        media_dir=tmp_path / "media",
        secret_key="websocket-tests-secret-key",
    )
    async with running(create_app(settings, clock=suite_clock())) as base:
        async with httpx.AsyncClient(base_url=base) as browser:
            await browser.get("/")
            cookie = {"Cookie": f"wi_chat={browser.cookies['wi_chat']}"}
        url = base.replace("http", "ws") + "/chat/ws"
        async with websockets.connect(url, additional_headers=cookie) as ws:
            assert json.loads(await ws.recv())["type"] == "history"
            nul = json.dumps({"type": "text", "text": "nul\0"})
            for hostile in ("[" * 30_000 + "]" * 30_000, nul, b"\x00\xff binary"):
                await ws.send(hostile)
                assert json.loads(await ws.recv())["code"] == "bad_frame"
            await ws.send(json.dumps({"type": "text", "text": "x" * 70_000}))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
