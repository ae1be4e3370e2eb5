"""Figures read from the database when Prometheus scrapes: outbox, escalations, claims.

One grouped count per figure, over indexed columns, through the report sessions (on SQLite a
read-only connection off the event loop). The answer is kept `ttl` seconds and concurrent
scrapes share one read, so a scrape storm costs the database one set of queries.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from backend.claims.models import Claim, ClaimStatus
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.escalations.models import Escalation, EscalationStatus
from backend.notifications.models import OutboxMessage, OutboxStatus

UNSENT = (OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.BLOCKED)


@dataclass(frozen=True)
class Snapshot:
    """The database figures at one moment."""

    outbox: dict[tuple[str, str], int] = field(default_factory=dict)  # (channel, status)
    open_escalations: int = 0
    claims: dict[str, int] = field(default_factory=dict)  # status -> count


class DatabaseGauges(Collector):
    """A collector of the last snapshot; `refresh` reads a new one when it is `ttl` old."""

    def __init__(
        self,
        sessions: SessionFactory,
        ttl: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self.ttl = ttl
        self._clock = clock
        self._snapshot = Snapshot()
        self._read_at: float | None = None
        self._lock = asyncio.Lock()

    async def refresh(self) -> None:
        """Read the figures unless the last read is fresh; one read at a time."""
        async with self._lock:
            if self._read_at is not None and self._clock() - self._read_at < self.ttl:
                return
            self._snapshot = await self._read()
            self._read_at = self._clock()

    async def _read(self) -> Snapshot:
        outbox = (
            select(OutboxMessage.channel, OutboxMessage.status, func.count())
            .where(OutboxMessage.status.in_(UNSENT))
            .group_by(OutboxMessage.channel, OutboxMessage.status)
        )
        escalations = select(func.count()).where(Escalation.status == EscalationStatus.OPEN)
        claims = select(Claim.status, func.count()).group_by(Claim.status)
        async with self._sessions() as session:
            unsent = (await session.execute(outbox)).all()
            open_escalations = await session.scalar(escalations) or 0
            by_status = (await session.execute(claims)).all()
        return Snapshot(
            outbox={(str(channel), str(status)): n for channel, status, n in unsent},
            open_escalations=open_escalations,
            claims={str(status): n for status, n in by_status},
        )

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The last snapshot as gauges (every status present, zero where nothing is)."""
        snapshot = self._snapshot
        outbox = GaugeMetricFamily(
            "warranty_outbox_messages",
            "Outbox messages not sent, by channel and status (pending is the backlog).",
            labels=["channel", "status"],
        )
        always = {(str(c), str(s)) for c in (Channel.TELEGRAM, Channel.WEB) for s in UNSENT}
        for key in sorted(always | snapshot.outbox.keys()):
            outbox.add_metric(list(key), snapshot.outbox.get(key, 0))
        yield outbox
        yield GaugeMetricFamily(
            "warranty_escalations_open",
            "Conversations waiting for or handled by a person.",
            value=snapshot.open_escalations,
        )
        claims = GaugeMetricFamily("warranty_claims", "Claims by status.", labels=["status"])
        for status in ClaimStatus:
            claims.add_metric([status], snapshot.claims.get(status, 0))
        yield claims
