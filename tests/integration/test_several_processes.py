"""The deployment of docs/deployment.md, run for real: `serve` processes behind a reverse proxy.

Two `warranty-intake serve` processes share one PostgreSQL database (made for the test), one
MEDIA_DIR and one SECRET_KEY; the proxy in tests/reverse_proxy.py stands in for nginx with TLS
(it sends `X-Forwarded-Proto: https`) and hands requests to the processes in turn.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

from benchmarks.webchat_load import CLAIM_NUMBER, pick
from tests.integration.test_cli import run
from tests.reverse_proxy import RoundRobinProxy
from tests.servers import free_port

SECRET = "several-processes-shared-secret-key"


def env_file(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """What every process of the deployment gets from its env file."""
    return {
        "DATABASE_URL": database_url,
        "MEDIA_DIR": str(tmp_path / "shared-media"),
        "SECRET_KEY": SECRET,
        **extra,
    }


async def wait_ready(base: str, process: asyncio.subprocess.Process, within_s: float = 60) -> None:
    """Poll /readyz until the process answers with its database reachable."""
    deadline = time.monotonic() + within_s
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            assert process.returncode is None, f"serve exited with {process.returncode}"
            try:
                async with http.get(f"{base}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"{base} did not become ready")


@asynccontextmanager
async def serving(env: dict[str, str], cwd: Path, count: int) -> AsyncIterator[list[str]]:
    """`count` `warranty-intake serve` processes on free loopback ports; yields their URLs."""
    # Only the env file decides whether proxies are believed, not the shell running the tests.
    env = {k: v for k, v in os.environ.items() if k != "FORWARDED_ALLOW_IPS"} | env
    processes: list[asyncio.subprocess.Process] = []
    bases: list[str] = []
    try:
        for _ in range(count):
            port = free_port()
            processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "backend", "serve", "--port", str(port), cwd=cwd, env=env
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base, process in zip(bases, processes, strict=True):
            await wait_ready(base, process)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            await asyncio.wait_for(process.wait(), timeout=30)


def cookie(response: aiohttp.ClientResponse, name: str) -> tuple[str, str]:
    """(value, the whole Set-Cookie line) of the cookie `name` the response sets."""
    for line in response.headers.getall("Set-Cookie", []):
        if line.startswith(f"{name}="):
            return line.split(";", 1)[0].split("=", 1)[1], line
    raise AssertionError(f"no {name} cookie in {response.headers.getall('Set-Cookie', [])}")


def upstream(response: aiohttp.ClientResponse) -> int:
    """Which process the proxy handed the request to."""
    return int(response.headers["X-Upstream"])


class ChatCustomer:
    """A web-chat customer: the page's cookie, then sockets through the proxy."""

    def __init__(self, front: str, chat_cookie: str) -> None:
        self.front = front
        self.chat_cookie = chat_cookie
        self.sent = 0

    @asynccontextmanager
    async def socket(self) -> AsyncIterator[tuple[ClientConnection, int, dict[str, Any]]]:
        """An open chat socket: (socket, the process holding it, its first frame)."""
        async with connect(
            "ws" + self.front.removeprefix("http") + "/chat/ws",
            additional_headers={"Cookie": f"wi_chat={self.chat_cookie}"},
            origin=Origin(self.front),
            proxy=None,
        ) as socket:
            first = json.loads(await socket.recv())
            yield socket, int(socket.response.headers["X-Upstream"]), first

    async def choose(
        self, socket: ClientConnection, replies: list[dict[str, Any]], value: str
    ) -> list[dict[str, Any]]:
        """Press the button for `value` among the last replies."""
        return await self.send(socket, {"type": "choice", "payload": pick(replies, value)})

    async def send(self, socket: ClientConnection, frame: dict[str, Any]) -> list[dict[str, Any]]:
        """One frame; the replies the dialog answered it with."""
        self.sent += 1
        frame["id"] = f"m{self.sent}"
        await socket.send(json.dumps(frame))
        while True:
            answer = json.loads(await asyncio.wait_for(socket.recv(), timeout=30))
            if answer.get("type") == "replies" and answer.get("id") == frame["id"]:
                return list(answer["replies"])


async def next_notification(socket: ClientConnection, within_s: float) -> dict[str, Any]:
    """The next live notification pushed to the socket."""
    async with asyncio.timeout(within_s):
        while True:
            frame = json.loads(await socket.recv())
            if frame.get("type") == "notification":
                return dict(frame)


async def staff_sign_in(http: aiohttp.ClientSession, front: str) -> tuple[str, int]:
    """Sign in as the demo agent; (the session cookie, the process that signed in)."""
    async with http.get(f"{front}/staff/login") as page:
        login_cookie, _ = cookie(page, "wi_login")
        token = re.search(r'name="csrf" value="([^"]+)"', await page.text())
        assert token is not None
    form = {"login": "agent", "password": "agent-demo", "csrf": token.group(1), "next": "/staff"}
    async with http.post(
        f"{front}/staff/login",
        data=form,
        headers={"Cookie": f"wi_login={login_cookie}"},
        allow_redirects=False,
    ) as signed_in:
        assert signed_in.status == 303
        value, line = cookie(signed_in, "wi_staff")
        # The proxy said the scheme in front of it is https: the session cookie is Secure.
        assert "secure" in line.lower()
        return value, upstream(signed_in)


@pytest.mark.postgres
async def test_two_processes_behind_a_proxy_serve_the_same_customers_and_staff(
    own_postgres_database: str, tmp_path: Path
) -> None:
    env = env_file(tmp_path, own_postgres_database, FORWARDED_ALLOW_IPS="127.0.0.1")
    # Once per release, before the processes start (docs/deployment.md, "Upgrades").
    assert run(tmp_path, "db", "upgrade", **env).returncode == 0
    assert run(tmp_path, "demo", "--no-serve", **env).returncode == 0
    async with AsyncExitStack() as stack:
        upstreams = await stack.enter_async_context(serving(env, tmp_path, 2))
        proxy = RoundRobinProxy(upstreams, scheme="https")
        front = await stack.enter_async_context(proxy.running())
        http = await stack.enter_async_context(
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        )
        await customers_and_staff_are_shared(proxy, front, http)


async def customers_and_staff_are_shared(
    proxy: RoundRobinProxy, front: str, http: aiohttp.ClientSession
) -> None:
    """The whole scenario, each step on the process the previous one did not use."""
    proxy.aim(0)
    async with http.get(f"{front}/", headers={"Accept-Language": "en"}) as page:
        assert page.status == 200 and upstream(page) == 0
        chat_cookie, line = cookie(page, "wi_chat")
        assert "secure" in line.lower()
    customer = ChatCustomer(front, chat_cookie)

    # The dialog starts on process 1 ...
    async with customer.socket() as (socket, held_by, first):
        assert held_by == 1 and first["messages"] == []
        replies = await customer.send(socket, {"type": "command", "name": "start"})
        replies = await customer.choose(socket, replies, "claim")
        replies = await customer.send(socket, {"type": "text", "text": "WM700-0001"})
        await customer.choose(socket, replies, "cat:leak")

    # ... and goes on on process 0: the cookie is read there, the conversation is the same.
    async with customer.socket() as (socket, held_by, first):
        assert held_by == 0
        assert any("WM700-0001" in json.dumps(m) for m in first["messages"])
        replies = await customer.send(socket, {"type": "text", "text": "Water under the drum"})
        replies = await customer.choose(socket, replies, "media:skip")
        replies = await customer.send(socket, {"type": "text", "text": "+79161234567"})
        replies = await customer.choose(socket, replies, "rem:repair")
        replies = await customer.choose(socket, replies, "confirm")
        found = CLAIM_NUMBER.search(" ".join(r.get("text", "") for r in replies))
        assert found is not None
        number = found.group(0)

        staff_cookie, signed_in_on = await staff_sign_in(http, front)
        claim_id = await queue_shows_claim_on_both(proxy, front, http, staff_cookie, number)
        assert signed_in_on == 0  # and the queue is read through process 1 too

        # The status change is made on process 1; the customer's socket is held by process 0.
        await change_status(proxy, front, http, staff_cookie, claim_id, on=1)
        notice = await next_notification(socket, within_s=15)
        assert notice["kind"] == "status_changed" and number in notice["text"]


async def queue_shows_claim_on_both(
    proxy: RoundRobinProxy, front: str, http: aiohttp.ClientSession, staff: str, number: str
) -> int:
    """The staff queue read through each process holds the claim; returns its id."""
    claim_ids = set()
    for index in (0, 1):
        proxy.aim(index)
        async with http.get(f"{front}/staff", headers={"Cookie": f"wi_staff={staff}"}) as queue:
            assert queue.status == 200 and upstream(queue) == index
            html = await queue.text()
        assert number in html
        found = re.search(r"/staff/claims/(\d+)", html)
        assert found is not None
        claim_ids.add(int(found.group(1)))
    assert len(claim_ids) == 1
    return claim_ids.pop()


async def change_status(
    proxy: RoundRobinProxy,
    front: str,
    http: aiohttp.ClientSession,
    staff: str,
    claim_id: int,
    on: int,
) -> None:
    """Accept the claim through process `on`, as the console's form does."""
    headers = {"Cookie": f"wi_staff={staff}"}
    async with http.get(f"{front}/staff/claims/{claim_id}", headers=headers) as page:
        token = re.search(r'name="csrf" value="([^"]+)"', await page.text())
        assert page.status == 200 and token is not None
    proxy.aim(on)
    async with http.post(
        f"{front}/staff/claims/{claim_id}/action",
        data={"action": "accept", "csrf": token.group(1)},
        headers=headers,
        allow_redirects=False,
    ) as done:
        assert done.status == 303 and upstream(done) == on
        assert "error" not in done.headers["Location"]


async def secure_cookie(base: str, forwarded_proto: str | None) -> bool:
    """Whether the sign-in page's cookie is marked Secure for a request with this header."""
    headers = {"X-Forwarded-Proto": forwarded_proto} if forwarded_proto else {}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base}/staff/login", headers=headers) as page,
    ):
        _, line = cookie(page, "wi_login")
    return "secure" in line.lower()


async def test_serve_believes_forwarded_proto_only_from_forwarded_allow_ips(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'one.db'}"
    trusted = env_file(tmp_path, database)
    async with serving(trusted, tmp_path, 1) as (base,):
        # The default trusts a proxy on the same host (127.0.0.1), as in the nginx example.
        assert await secure_cookie(base, "https")
        assert not await secure_cookie(base, None)
    elsewhere = env_file(tmp_path, database, FORWARDED_ALLOW_IPS="10.0.0.5, 10.1.0.0/16")
    async with serving(elsewhere, tmp_path, 1) as (base,):
        # Anyone else claiming https is not believed.
        assert not await secure_cookie(base, "https")


def test_a_wrong_forwarded_allow_ips_names_the_variable(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", FORWARDED_ALLOW_IPS="proxy.internal")
    assert result.returncode == 2
    assert "FORWARDED_ALLOW_IPS" in result.stderr and "proxy.internal" in result.stderr
