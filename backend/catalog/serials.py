"""Serial number normalisation and validation shared by the importer and the dialogs."""

from __future__ import annotations

import re

SERIAL_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9\-/]{2,63}$")


def normalize_serial(raw: str) -> str:
    """Upper-case a serial and drop surrounding and inner whitespace."""
    return re.sub(r"\s+", "", raw).upper()


def is_valid_serial(serial: str) -> bool:
    """Whether a normalised serial has the shape serial numbers have (3-64 of A-Z 0-9 - /)."""
    return bool(SERIAL_PATTERN.match(serial))
