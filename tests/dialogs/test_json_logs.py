"""LOG_FORMAT=json: one JSON object a line, with metadata only, never what a customer said."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.config import Settings
from backend.monitoring.logs import logging_config, safe_path
from backend.monitoring.metrics import DialogMetrics
from dialogs.engine import Engine
from dialogs.types import Content, Incoming, Reply
from tests.support.chat import ChatClient, register_quick_claim

PHONE = "+79160000009"  # what register_quick_claim types in
NAME = "Wilhelmina Quackenbush"


class NamedChat(ChatClient):
    """A Telegram customer whose profile carries a full name."""

    async def send_content(self, content: Content, event_id: str | None = None) -> list[Reply]:
        event = Incoming("telegram", self.user_id, content, locale_hint="en", display_name=NAME)
        self.replies = await self.engine.handle(event)
        return self.replies


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The serve/bot logging configuration in JSON mode, written to a buffer; undone after."""
    touched = [logging.getLogger(name) for name in ("backend", "dialogs", "bot", "uvicorn")]
    saved = [(logger, logger.level, logger.handlers[:], logger.propagate) for logger in touched]
    root = logging.getLogger()
    saved.append((root, root.level, root.handlers[:], root.propagate))
    buffer = io.StringIO()
    config = logging_config(Settings(log_format="JSON", log_level="debug", _env_file=None))
    for handler in config["handlers"].values():
        handler["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    for logger, level, handlers, propagate in saved:
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.propagate = propagate


async def test_a_claim_dialog_logs_metadata_but_no_phone_or_name(
    dialog_engine: Engine, tmp_path: Path, json_lines: io.StringIO
) -> None:
    dialog_engine.observer = DialogMetrics()
    number = await register_quick_claim(NamedChat(dialog_engine, "4242", tmp_path / "media"))
    log = logging.getLogger("backend.tests")
    log.warning("a message that quotes %s", PHONE)
    try:
        raise ValueError(f"refused {PHONE} for {NAME}")
    except ValueError:
        log.exception("a failure", extra={"claim_number": number, "phone": PHONE, "customer": NAME})

    output = json_lines.getvalue()
    entries = [json.loads(line) for line in output.splitlines()]
    assert PHONE not in output and PHONE[1:] not in output
    assert NAME not in output and "Quackenbush" not in output
    handled = [e for e in entries if e["message"] == "event handled"]
    assert len(handled) == 8  # one per step of the dialog
    assert {e["channel"] for e in handled} == {"telegram"}
    assert {"command", "text", "choice"} <= {e["event_kind"] for e in handled}
    assert all(e["outcome"] == "answered" and e["latency_ms"] >= 0 for e in handled)
    assert {"time", "level", "logger"} <= handled[0].keys()
    quoted, failure = entries[-2:]
    assert quoted["message"] == "a message that quotes [phone]"
    assert failure["claim_number"] == number and failure["error"] == "ValueError"
    assert failure["stack"] and "phone" not in failure and "customer" not in failure


def test_access_paths_lose_the_query_and_signed_links() -> None:
    assert (
        safe_path("/api/v1/claims/WR-2026-000001?phone=%2B7916") == "/api/v1/claims/WR-2026-000001"
    )
    assert safe_path("/chat/files/" + "x" * 60) == "/chat/files/…"
