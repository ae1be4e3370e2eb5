"""A booking as an iCalendar file (RFC 5545), so the customer can put it in their calendar."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

WINDOW = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class CalendarEntry:
    """One event: a day with an optional time window ("09:00-13:00"), in local time."""

    uid: str
    day: date
    window: str
    summary: str
    description: str
    location: str


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines over 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    raw, parts = line.encode(), list[str]()
    while len(raw) > 75:
        cut = 75 if not parts else 74
        while cut and (raw[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(raw[:cut].decode())
        raw = raw[cut:]
    parts.append(raw.decode())
    return "\r\n ".join(parts)


def _times(entry: CalendarEntry) -> list[str]:
    found = WINDOW.match(entry.window.strip())
    if not found:
        end = entry.day + timedelta(days=1)
        return [f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
    h1, m1, h2, m2 = (int(part) for part in found.groups())
    start = datetime(entry.day.year, entry.day.month, entry.day.day, h1, m1)
    end = datetime(entry.day.year, entry.day.month, entry.day.day, h2, m2)
    # Floating local times: the window is the customer's local time wherever the server runs.
    return [f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}"]


def ics_bytes(entry: CalendarEntry, now: datetime) -> bytes:
    """The .ics file of `entry`, stamped at `now` (UTC)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//warranty-intake//booking//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{now:%Y%m%dT%H%M%SZ}",
        *_times(entry),
        f"SUMMARY:{_escape(entry.summary)}",
        f"DESCRIPTION:{_escape(entry.description)}",
        f"LOCATION:{_escape(entry.location)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def store_ics(data: bytes, media_dir: Path, reference: str) -> Path:
    """Write a calendar file under MEDIA_DIR/documents with a random name."""
    folder = media_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{reference}-{secrets.token_hex(8)}.ics"
    path.write_bytes(data)
    return path
