"""Answers given before their question: kept in the conversation, used when the step comes.

"WM700-FRESH leaks from under the door" answers the serial, the category and the description at
once; the flow keeps the later answers under `SAID` and each step that `takes` one uses it
instead of asking (`Context.go`).
"""

from __future__ import annotations

from enum import StrEnum

from dialogs.types import Choice, Content, Text

SAID = "_said"


class Slot(StrEnum):
    """What a step takes from typed text."""

    SERIAL = "serial"
    DATE = "date"
    PHONE = "phone"
    CATEGORY = "category"
    DESCRIPTION = "description"
    CLAIM_NUMBER = "claim_number"
    RECEIPT = "receipt"  # "none": there is no receipt
    TEXT = "text"  # any text: an address, a comment


# Steps that take any typed text as their answer: a typed text there is not a button press.
FREE_TEXT = frozenset({Slot.SERIAL, Slot.DATE, Slot.PHONE, Slot.DESCRIPTION, Slot.TEXT})


CHOICES = "|"  # between the candidates of a category answer, likeliest first


def answer_for(slot: str, value: str) -> Content:
    """The event a step would have received had the customer answered it there."""
    if slot == Slot.CATEGORY:
        return Choice(f"cat:{value}")
    if slot == Slot.RECEIPT:
        return Choice(f"receipt:{value}")
    return Text(value)
