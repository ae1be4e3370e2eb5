"""Times of day as customers write them when choosing a pickup window ("09:00-13:00").

A part of the day ("утром", "in the afternoon", "오후에") or an hour ("к 10", "at 3 pm", "14:30",
"오후 2시") picks the first offered window that covers it.
"""

from __future__ import annotations

import re

from dialogs.understanding.normalize import fold

_WINDOW = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*[-–—]\s*(\d{1,2})(?::(\d{2}))?")
# Parts of the day, each an hour inside it.
_PARTS = (
    (re.compile(r"morning|before\s+lunch|утр\w*|до\s+обеда|오전|아침|점심\s*전"), 10),
    (re.compile(r"afternoon|after\s+lunch|после\s+обеда|днём|днем|오후|점심\s*후"), 14),
    (re.compile(r"evening|вечер\w*|저녁"), 17),  # the late part of the last window
)
_HOUR = re.compile(
    r"(?:(오전|오후)\s*)?(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|시)?(?![\d:])"
)


def _window_hours(window: str) -> tuple[float, float] | None:
    """(start, end) of a window like "09:00-13:00", in hours, or None."""
    match = _WINDOW.search(window)
    if match is None:
        return None
    start_h, start_m, end_h, end_m = match.groups()
    return int(start_h) + int(start_m or 0) / 60, int(end_h) + int(end_m or 0) / 60


def _hour(text: str) -> float | None:
    for pattern, part_hour in _PARTS:
        if pattern.search(text):
            return float(part_hour)
    match = _HOUR.search(text)
    if match is None:
        return None
    part, hours, minutes, suffix = match.groups()
    hour = int(hours) + int(minutes or 0) / 60
    if hour >= 24:
        return None
    afternoon = part == "오후" or (suffix or "").startswith("p")
    if afternoon and hour < 12:
        hour += 12
    elif suffix is None and part is None and 1 <= hour < 8:
        hour += 12  # "at 3" for a pickup means the afternoon
    return hour


def offered_window(text: str, windows: list[str]) -> int | None:
    """The index of the first window that covers the time the text names, or None."""
    hour = _hour(fold(text))
    if hour is None:
        return None
    for index, window in enumerate(windows):
        span = _window_hours(window)
        if span is not None and span[0] <= hour < span[1]:
            return index
    return None
