"""Per-client back-off for sign-in: each failure from one address makes it wait longer.

Kept in the memory of the process (one process serves a SQLite database; with several
processes each keeps its own count, which still bounds the guesses per process).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_FAILURES = 3
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(minutes=30)
# An account lock still lets in a client with fewer failures than this (its owner after a typo).
TRUSTED_BELOW = 2
MAX_CLIENTS = 10_000


@dataclass
class _Record:
    failures: int
    last: datetime


class ClientThrottle:
    """Failure counts per client address, forgotten after a quiet half hour."""

    def __init__(self) -> None:
        self._records: OrderedDict[str, _Record] = OrderedDict()

    def _record(self, client: str, now: datetime) -> _Record | None:
        record = self._records.get(client)
        if record is not None and now - record.last > FORGET_AFTER:
            del self._records[client]
            return None
        return record

    def wait(self, client: str, now: datetime) -> timedelta:
        """How long this client must wait before its next attempt is checked."""
        record = self._record(client, now)
        if record is None or record.failures < FREE_FAILURES:
            return timedelta(0)
        delay = min(timedelta(seconds=2 ** (record.failures - FREE_FAILURES)), MAX_DELAY)
        return max(record.last + delay - now, timedelta(0))

    def trusted(self, client: str, now: datetime) -> bool:
        """Whether the client has (almost) no recent failures: a locked account lets it in."""
        record = self._record(client, now)
        return record is None or record.failures < TRUSTED_BELOW

    def failed(self, client: str, now: datetime) -> None:
        """Count one failure of this client."""
        record = self._record(client, now) or _Record(0, now)
        record.failures, record.last = record.failures + 1, now
        self._records[client] = record
        self._records.move_to_end(client)
        while len(self._records) > MAX_CLIENTS:
            self._records.popitem(last=False)

    def succeeded(self, client: str) -> None:
        """A successful sign-in clears the client's count."""
        self._records.pop(client, None)
