"""Log output of `serve` and `bot`: plain text (default) or one JSON object a line.

JSON lines carry the time, level, logger and message, plus a fixed list of metadata fields a
caller may pass in `extra` (channel, event kind, outcome, latency, claim number, HTTP method,
path and status). Nothing else from a record is copied, so no message text, name or phone number
rides along. Exceptions give their type and the stack's file/line/function only: drivers put the
row values of a failed statement in the message. HTTP access lines leave out the client address
and the query string, and long path segments (signed file links) are masked. As a last guard,
Bot API tokens and international phone numbers are masked in any message.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any

from backend.config import Settings

PROJECT_LOGGERS = ("backend", "dialogs", "bot")
SAFE_FIELDS = (
    "channel",
    "event_kind",
    "outcome",
    "latency_ms",
    "claim_number",
    "method",
    "path",
    "status_code",
)
MASKS = (
    (re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}"), "[token]"),  # a Telegram Bot API token
    (re.compile(r"\+\d[\d ()-]{6,}\d"), "[phone]"),
)
LONG_SEGMENT = 32
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with only the fields listed in `SAFE_FIELDS`."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a line of JSON."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            entry["message"] = "request"
            entry.update(_access_fields(record.args))
        else:
            entry["message"] = mask(_message(record))
        entry.update({key: record.__dict__[key] for key in SAFE_FIELDS if key in record.__dict__})
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            entry["error"] = type(error).__name__
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(error.__traceback__)
            ]
        return json.dumps(entry, ensure_ascii=False, default=str)


def mask(text: str) -> str:
    """`text` with Bot API tokens and phone numbers replaced by placeholders."""
    for pattern, placeholder in MASKS:
        text = pattern.sub(placeholder, text)
    return text


def _message(record: logging.LogRecord) -> str:
    # uvicorn names the client first in some lines ('%s - "WebSocket %s" [accepted]').
    args = record.args
    client_first = str(record.msg).startswith('%s - "')
    if record.name.startswith("uvicorn") and isinstance(args, tuple) and args and client_first:
        return str(record.msg) % ("-", *(safe_path(str(arg)) for arg in args[1:]))
    return record.getMessage()


def _access_fields(args: tuple[Any, ...]) -> dict[str, Any]:
    # uvicorn's access record: (client address, method, path with query, HTTP version, status)
    if len(args) != 5:
        return {}
    _client, method, full_path, _version, status = args
    return {"method": method, "path": safe_path(str(full_path)), "status_code": status}


def safe_path(full_path: str) -> str:
    """The path without its query string, long segments (tokens) masked."""
    path = full_path.split("?", 1)[0]
    return "/".join("…" if len(part) > LONG_SEGMENT else part for part in path.split("/"))


def logging_config(settings: Settings) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the settings, uvicorn's loggers included."""
    json_lines = settings.log_format == "json"
    level = settings.log_level.upper()
    if json_lines:
        # dictConfig consumes each formatter's entry: one dict each.
        formatters: dict[str, Any] = {
            "main": {"()": JsonFormatter},
            "access": {"()": JsonFormatter},
        }
    else:
        formatters = {
            "main": {"format": TEXT_FORMAT},
            "access": {
                "()": "uvicorn.logging.AccessFormatter",
                "fmt": '%(asctime)s %(levelname)s %(client_addr)s - "%(request_line)s" '
                "%(status_code)s",
                "use_colors": False,
            },
        }
    stream = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    project = {name: {"level": level} for name in PROJECT_LOGGERS}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "handlers": {
            "main": {**stream, "formatter": "main"},
            "access": {**stream, "formatter": "access"},
        },
        # Libraries stay at WARNING whatever LOG_LEVEL says: their debug lines carry SQL
        # parameters and request bodies.
        "root": {"handlers": ["main"], "level": "WARNING"},
        "loggers": {
            **project,
            "uvicorn": {"level": "INFO", "handlers": ["main"], "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }
