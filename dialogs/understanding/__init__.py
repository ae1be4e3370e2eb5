"""Understanding what customers type, without any transport: intents, numbers, dates, words.

`understand(text, today)` returns an `Understood`: the intent (and the runner-up when unsure),
the serial, claim and phone numbers, a date, yes/no, the defect category, a missing receipt
and the script the message is written in. `pressed(text, labels)` tells whether a typed text
names a button.
"""

from dialogs.understanding.buttons import pressed
from dialogs.understanding.intents import Intent, Understood, understand
from dialogs.understanding.normalize import LOCALE_SCRIPTS, SCRIPT_LOCALES, Script

__all__ = [
    "LOCALE_SCRIPTS",
    "SCRIPT_LOCALES",
    "Intent",
    "Script",
    "Understood",
    "pressed",
    "understand",
]
