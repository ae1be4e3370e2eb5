"""Control characters: nothing the product stores needs them, and PostgreSQL refuses NUL."""

from __future__ import annotations

import re

# C0 controls except tab, newline and carriage return; DEL and the C1 range.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(text: str) -> bool:
    """Whether `text` holds a control character other than tab and line breaks."""
    return CONTROL.search(text) is not None


def strip_control(text: str) -> str:
    """`text` without control characters (where dropping them changes nothing of value)."""
    return CONTROL.sub("", text)
