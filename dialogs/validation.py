"""Checking what customers type: dates, phone numbers, free text."""

from __future__ import annotations

import re
from datetime import date, datetime

import phonenumbers

from backend.i18n import N_

DATE_LAYOUTS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y.%m.%d", "%Y/%m/%d", "%d-%m-%Y", "%d.%m.%y")
OLDEST_PURCHASE_YEARS = 15


class InvalidInput(ValueError):
    """Input that a step cannot accept; `message` is a msgid, `params` fill it."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def parse_purchase_date(raw: str, today: date) -> date:
    """A purchase date: a real calendar date, not in the future, not implausibly old."""
    cleaned = re.sub(r"\s+", "", raw.strip().rstrip("."))
    for layout in DATE_LAYOUTS:
        try:
            value = datetime.strptime(cleaned, layout).date()
            break
        except ValueError:
            continue
    else:
        raise InvalidInput(
            N_(
                "I couldn't read this date. Please write it like 14.03.2025, or the month if "
                "you don't remember the day: March 2025."
            )
        )
    if value > today:
        raise InvalidInput(N_("This date is in the future. Please send the date of purchase."))
    if value.year < today.year - OLDEST_PURCHASE_YEARS:
        raise InvalidInput(
            N_("This date is more than {years} years ago. Please check the date of purchase."),
            years=OLDEST_PURCHASE_YEARS,
        )
    return value


def normalize_phone(raw: str, region: str | None) -> str:
    """A phone number in E.164 (`+79161234567`); numbers without a country code use `region`."""
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if text and text[0].isdigit() and region is None:
        text = "+" + text
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(
            N_("This doesn't look like a phone number. Example: +7 916 123-45-67.")
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(N_("This doesn't look like a phone number. Example: +7 916 123-45-67."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored number as people read it (`+7 916 123-45-67`, `+82 10-1234-5678`)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_text(raw: str, *, minimum: int, maximum: int) -> str:
    """Free text trimmed, with its length checked."""
    text = raw.strip()
    if len(text) < minimum:
        raise InvalidInput(N_("Please write a little more: at least {n} characters."), n=minimum)
    if len(text) > maximum:
        raise InvalidInput(N_("This is too long: please keep it under {n} characters."), n=maximum)
    return text
