"""Numbers inside sentences: serial numbers, claim numbers and phone numbers."""

from __future__ import annotations

import re

import phonenumbers

from backend.catalog.serials import is_valid_serial
from backend.claims.numbering import format_claim_number

# Cyrillic letters that look like Latin ones, typed by customers on a Russian keyboard layout.
LOOKALIKES = str.maketrans("АВЕКМНОРСТХУавекмнорстху", "ABEKMHOPCTXYABEKMHOPCTXY")
CLAIM_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])[WwВв][RrРр]\s*[-–—#№]?\s*(\d{4})\s*[-–—]?\s*(\d{1,8})\b"
)
# A serial-like word: Latin letters and digits (and - or /), at least one of each.
_CANDIDATE = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z0-9][A-Za-z0-9\-/]{2,63}(?![A-Za-z0-9-])")
_SPLIT_SERIAL = re.compile(
    r"(?<![A-Za-z0-9-])([A-Za-z]{1,4}\d{1,4})[\s-]+(\d{3,6})(?![A-Za-z0-9-])"
)
_DIGIT_LOOKALIKES = str.maketrans("OoIlLЗ", "001113")
_PHONE_CANDIDATE = re.compile(r"(?<![\d.])\+?\d[\d\s()\-]{8,18}\d(?![\d.])")
PHONE_DIGITS = range(10, 16)


def claim_numbers(text: str) -> list[str]:
    """Claim numbers (WR-2026-000123) written in any case, with spaces, or without zeros."""
    return [format_claim_number(int(y), int(n)) for y, n in CLAIM_NUMBER.findall(text)]


def _digit_like(group: str) -> bool:
    """A group of digits where some were typed as look-alike letters."""
    letters = {ch for ch in group if ch.isalpha()}
    return bool(letters) and letters <= set("OoIlL") and any(ch.isdigit() for ch in group)


def _fix_digits(word: str) -> str:
    """O for 0 and I/l for 1 in the digit groups of a serial (`WM700-OOO1` → `WM700-0001`,
    `WM70O-FRESH` → `WM700-FRESH`)."""
    head = re.match(r"[A-Za-z]*", word)
    start = head.end() if head else 0
    tail = word[start:]
    # Group by group: a group of letters (FRESH) stays as it is beside a repaired one (70O).
    groups = re.split(r"([\-/])", tail)
    fixed = [g.translate(_DIGIT_LOOKALIKES) if _digit_like(g) else g for g in groups]
    return word[:start] + "".join(fixed)


def serials(text: str) -> list[str]:
    """Serial-number-shaped words, upper-cased, look-alike letters and digits repaired.

    A word counts when it has Latin letters and digits and is not a claim number; "wm700 0001"
    written with a space is joined."""
    latin = CLAIM_NUMBER.sub(" ", text).translate(LOOKALIKES)
    latin = _SPLIT_SERIAL.sub(lambda m: f"{m.group(1)}-{m.group(2)}", latin)
    found: list[str] = []
    for word in _CANDIDATE.findall(latin):
        serial = _fix_digits(word).upper().strip("-/")
        has_letter = any(ch.isalpha() for ch in serial)
        has_digit = any(ch.isdigit() for ch in serial)
        if has_letter and has_digit and is_valid_serial(serial) and serial not in found:
            found.append(serial)
    return found


def phones(text: str, region: str | None) -> list[str]:
    """Phone numbers in E.164 found anywhere in the text (`region` for numbers without +)."""
    found: list[str] = []
    for candidate in _PHONE_CANDIDATE.findall(CLAIM_NUMBER.sub(" ", text)):
        if sum(ch.isdigit() for ch in candidate) not in PHONE_DIGITS:
            continue
        try:
            number = phonenumbers.parse(candidate, None if candidate.startswith("+") else region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            found.append(e164)
    return found
