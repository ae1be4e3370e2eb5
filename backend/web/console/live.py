"""The console's one live channel: a WebSocket that forwards database change notices.

The browser (static/console-live.js) listens on `/staff/live`; a notice names a topic and a
key only ("escalation 12", "claim 5"), and the page re-reads the parts that show that topic.
Notices come from `backend.db.notify`, so a change written by any process reaches every
console. A WebSocket, not Server-Sent Events: uvicorn closes sockets when it stops (1012), while
an open event stream would hold its shutdown until the browser went away.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import cast

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect

from backend.db.notify import Change, ChangeFeed
from backend.web.console.session import current_staff
from backend.web.state import AppState, app_state

router = APIRouter()
FEED = "changes"
PING_SECONDS = 25.0
LIVE_TOPICS = frozenset({"escalation", "claim", "*"})


def change_feed(state: AppState) -> ChangeFeed:
    """The process's change feed (started by the application's lifespan)."""
    feed = state.extras[FEED]
    assert isinstance(feed, ChangeFeed)
    return feed


async def _closed(socket: WebSocket) -> None:
    with contextlib.suppress(WebSocketDisconnect):
        while (await socket.receive())["type"] != "websocket.disconnect":
            pass


def _frames(first: Change, queue: asyncio.Queue[Change]) -> list[dict[str, str]]:
    """The first notice and whatever else is waiting, each topic and key once."""
    changes = {first}
    while not queue.empty():
        changes.add(queue.get_nowait())
    return [{"topic": c.topic, "key": c.key} for c in changes if c.topic in LIVE_TOPICS]


@router.websocket("/live")
async def live(socket: WebSocket) -> None:
    """Forward change notices to a signed-in console page until it goes away."""
    origin, host = socket.headers.get("origin"), socket.headers.get("host")
    user = await current_staff(cast(Request, socket))
    if user is None or (origin and host and origin.split("://", 1)[-1] != host):
        await socket.close(code=4403)
        return
    await socket.accept()
    state = app_state(socket.app)
    async with change_feed(state).subscribe() as queue:
        closed = asyncio.create_task(_closed(socket))
        try:
            while not closed.done():
                change = asyncio.create_task(queue.get())
                done, _ = await asyncio.wait(
                    {change, closed}, timeout=PING_SECONDS, return_when=asyncio.FIRST_COMPLETED
                )
                if change in done:
                    frames = _frames(change.result(), queue)
                    if frames:
                        await socket.send_json({"changes": frames})
                    continue
                change.cancel()
                if closed.done():
                    break
                if await current_staff(cast(Request, socket)) is None:  # signed out meanwhile
                    await socket.close(code=4401)
                    break
                await socket.send_json({"changes": []})
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            closed.cancel()
