"""A small round-robin reverse proxy (HTTP and WebSocket) that does what the nginx example does.

Each request or socket goes to the next upstream in turn, with the client's Host kept and
`X-Forwarded-Proto` / `X-Forwarded-For` set as nginx's `proxy_set_header` lines set them.
Every answer says which upstream served it in `X-Upstream` (its index), so a test can show
that consecutive steps of one customer were served by different processes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web
from multidict import CIMultiDict

from tests.servers import free_port

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "te",
    "trailer",
    "proxy-connection",
}
WEBSOCKET_OWN = {"sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions"}


class RoundRobinProxy:
    """Forwards to `upstreams` (base URLs) in turn, as `scheme` (what the TLS front would be)."""

    def __init__(self, upstreams: list[str], scheme: str = "https") -> None:
        self.upstreams = upstreams
        self.scheme = scheme
        self._next = 0
        self._client: aiohttp.ClientSession | None = None

    def aim(self, index: int) -> None:
        """Send the next request to upstream `index` (the turn goes on from there)."""
        self._next = index

    def _take_turn(self) -> int:
        index, self._next = self._next, (self._next + 1) % len(self.upstreams)
        return index

    def _headers(self, request: web.Request, drop: set[str]) -> CIMultiDict[str]:
        headers = CIMultiDict(
            (name, value) for name, value in request.headers.items() if name.lower() not in drop
        )
        headers["X-Forwarded-Proto"] = self.scheme
        headers["X-Forwarded-For"] = request.remote or "127.0.0.1"
        return headers

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """One request or one WebSocket, to the next upstream."""
        index = self._take_turn()
        if request.headers.get("upgrade", "").lower() == "websocket":
            return await self._socket(request, index)
        assert self._client is not None
        async with self._client.request(
            request.method,
            self.upstreams[index] + request.path_qs,
            headers=self._headers(request, HOP_BY_HOP),
            data=await request.read(),
            allow_redirects=False,
        ) as upstream:
            body = await upstream.read()
            headers = CIMultiDict(
                (name, value)
                for name, value in upstream.headers.items()
                if name.lower() not in HOP_BY_HOP
            )
            headers["X-Upstream"] = str(index)
            return web.Response(status=upstream.status, headers=headers, body=body)

    async def _socket(self, request: web.Request, index: int) -> web.StreamResponse:
        assert self._client is not None
        url = "ws" + self.upstreams[index].removeprefix("http") + request.path_qs
        headers = self._headers(request, HOP_BY_HOP | WEBSOCKET_OWN)
        async with self._client.ws_connect(url, headers=headers, autoping=False) as upstream:
            client = web.WebSocketResponse(autoping=False)
            client.headers["X-Upstream"] = str(index)
            await client.prepare(request)
            await asyncio.gather(_pump(client, upstream), _pump(upstream, client))
            return client

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        """Listen on a free loopback port until the block ends; yields the proxy's base URL."""
        self._client = aiohttp.ClientSession(
            cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False
        )
        server = web.Server(self.handle)
        runner = web.ServerRunner(server)
        await runner.setup()
        port = free_port()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            await runner.cleanup()
            await self._client.close()


async def _pump(
    source: web.WebSocketResponse | aiohttp.ClientWebSocketResponse,
    target: web.WebSocketResponse | aiohttp.ClientWebSocketResponse,
) -> None:
    """Copy frames one way until either side closes, then close the other."""
    async for message in source:
        if message.type == aiohttp.WSMsgType.TEXT:
            await target.send_str(message.data)
        elif message.type == aiohttp.WSMsgType.BINARY:
            await target.send_bytes(message.data)
        else:
            break
    with contextlib.suppress(ConnectionError, RuntimeError):
        await target.close()
