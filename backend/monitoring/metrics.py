"""Counters and histograms of this process, recorded where things happen.

The dialog engine reports each event through its observer hook (`DialogMetrics`), the outbox
senders report each delivery attempt (`record_delivery`, `record_rate_limited`). They live in
prometheus-client's default registry, so `/metrics` also carries the process's own figures
(CPU, memory, open files). Every process counts for itself; Prometheus adds them up.
"""

from __future__ import annotations

import logging

from prometheus_client import Counter, Histogram

from dialogs.types import Incoming

log = logging.getLogger(__name__)

EVENTS = Counter(
    "warranty_events_handled",
    "Customer events the dialog engine handled, by channel and outcome.",
    ["channel", "outcome"],
)
REPLY_SECONDS = Histogram(
    "warranty_reply_latency_seconds",
    "From an event's arrival at the engine until its replies are ready, by channel.",
    ["channel"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DELIVERIES = Counter(
    "warranty_outbox_deliveries",
    "Outbox delivery attempts, by channel and outcome (sent, retry, failed, blocked, lost).",
    ["channel", "outcome"],
)
RATE_LIMITED = Counter(
    "warranty_telegram_rate_limited",
    "Answers 429 (Too Many Requests) received from the Telegram Bot API.",
)


class DialogMetrics:
    """The engine's observer: counts events, times their replies, logs a debug line each."""

    def event_handled(self, event: Incoming, outcome: str, seconds: float) -> None:
        """Count `event` and its latency (metadata only: never what the customer wrote)."""
        EVENTS.labels(event.channel, outcome).inc()
        REPLY_SECONDS.labels(event.channel).observe(seconds)
        # Debug: a line per event costs more than the event's metrics (docs/operations.md).
        log.debug(
            "event handled",
            extra={
                "channel": event.channel,
                "event_kind": type(event.content).__name__.lower(),
                "outcome": outcome,
                "latency_ms": round(seconds * 1000, 2),
            },
        )


def record_delivery(channel: str, outcome: str) -> None:
    """One delivery attempt of an outbox message ended with `outcome`."""
    DELIVERIES.labels(channel, outcome).inc()


def record_rate_limited() -> None:
    """Telegram answered 429."""
    RATE_LIMITED.inc()
