"""A per-client request budget over a sliding window, kept in the memory of the process."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

from starlette.requests import HTTPConnection

MAX_CLIENTS = 10_000


class WindowLimit:
    """At most `count` requests per client in any `window` seconds."""

    def __init__(
        self, count: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.count, self.window, self.clock = count, window, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, client: str) -> bool:
        """Spend one request of this client's budget; False when it is used up."""
        now = self.clock()
        stamps = self._seen.setdefault(client, deque())
        self._seen.move_to_end(client)
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if len(self._seen) > MAX_CLIENTS:
            self._seen.popitem(last=False)
        if len(stamps) >= self.count:
            return False
        stamps.append(now)
        return True


def client_address(request: HTTPConnection) -> str:
    """The client's address as the server saw it (behind a proxy: its forwarded address)."""
    return request.client.host if request.client else "unknown"
