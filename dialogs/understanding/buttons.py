"""Typed button labels and numbers count as presses of the buttons on screen."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from dialogs.understanding.normalize import plain

LABEL_CUTOFF = 85.0
_NUMBER = re.compile(r"^\s*[#№]?\s*(\d{1,2})\s*[.)]?\s*$")


def pressed(text: str, labels: list[str]) -> int | None:
    """The index of the button `text` names: its number on screen (1 = first) or its label,
    typos and missing emoji forgiven; None when no label fits, or two fit equally."""
    number = _NUMBER.match(text)
    if number:
        index = int(number.group(1)) - 1
        return index if 0 <= index < len(labels) else None
    typed = plain(text)
    if not typed:
        return None
    scored = sorted(
        ((_fit(typed, plain(label)), i) for i, label in enumerate(labels)), reverse=True
    )
    if not scored or scored[0][0] < LABEL_CUTOFF:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def _fit(typed: str, label: str) -> float:
    """How well typed text names a label: the whole label, or most of a long one."""
    if not label:
        return 0.0
    whole = fuzz.ratio(typed, label)
    if len(typed) > len(label) or len(typed) * 2 < len(label):
        return whole  # a sentence around a label's word is no press; half a label is too little
    return max(whole, fuzz.partial_ratio(typed, label) - 5)
