"""What a message asks for (an intent) and what it says (slots), in one pass over the text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dialogs.understanding.concepts import concepts
from dialogs.understanding.dates import find_date
from dialogs.understanding.normalize import Script, dominant_script, fold, words
from dialogs.understanding.numbers import claim_numbers, phones, serials


class Intent(StrEnum):
    """What the customer wants; the flow intents carry their flow's name."""

    REGISTER = "claim"
    WARRANTY = "warranty"
    STATUS = "claims"
    TRANSPORT = "transport"
    HUMAN = "human"
    LANGUAGE = "language"
    BACK = "back"
    CANCEL = "cancel"
    HELP = "help"
    GREETING = "greeting"
    NONE = "none"


# How much each mentioned notion speaks for an intent ("neutral" words speak for none: they
# only keep a common word from being read as a typo of another).
WEIGHTS: dict[str, tuple[Intent, int]] = {
    "register": (Intent.REGISTER, 3),
    "repair": (Intent.REGISTER, 2),
    "status_word": (Intent.STATUS, 2),
    "when_done": (Intent.STATUS, 2),
    "broken": (Intent.REGISTER, 2),
    "warranty": (Intent.WARRANTY, 3),
    "status": (Intent.STATUS, 3),
    "transport": (Intent.TRANSPORT, 3),
    "human": (Intent.HUMAN, 3),
    "language": (Intent.LANGUAGE, 3),
    "back": (Intent.BACK, 3),
    "cancel": (Intent.CANCEL, 3),
    "help": (Intent.HELP, 3),
    "greeting": (Intent.GREETING, 2),
}
# Defect categories in the order that wins a tie (the more specific first); then those of
# particular products, which a dialog takes only where the product offers them.
CATEGORIES = (
    "leak",
    "damage",
    "no_power",
    "display",
    "battery",
    "noise",
    "stops",
    "drain",
    "drum",
    "door",
    "cooling",
    "heating",
    "error_code",
)
# Words that move in the dialog (back, cancel) are commands only in short messages: "a crack on
# the back" is no request to go back.
NAVIGATION = (Intent.BACK, Intent.CANCEL)
NAVIGATION_WORDS = 4
CONFIDENT_SCORE = 2
SHORT_ANSWER_WORDS = 3


@dataclass(frozen=True)
class Understood:
    """One message understood: the intent (with the runner-up when unsure) and the slots."""

    text: str
    intent: Intent
    runner_up: Intent
    confident: bool
    script: Script | None = None
    serial: str | None = None
    claim_number: str | None = None
    phone: str | None = None
    date: date | None = None
    categories: tuple[str, ...] = ()  # every defect category named, likeliest first
    description: str | None = None
    yes: bool | None = None
    no_receipt: bool = False  # the receipt named with a word of absence or loss
    lack: bool = False  # a word of absence or loss, whatever is missing: "lost", "нет", "없어요"

    @property
    def category(self) -> str | None:
        """The likeliest defect category named, if any."""
        return self.categories[0] if self.categories else None


def _categories(found: Counter[str]) -> tuple[str, ...]:
    named = [code for code in CATEGORIES if found[code]]
    return tuple(sorted(named, key=lambda code: (-found[code], CATEGORIES.index(code))))


def _scores(found: Counter[str], category: str | None, heard: dict[str, object]) -> Counter[Intent]:
    scores: Counter[Intent] = Counter()
    for concept, count in found.items():
        if concept in WEIGHTS:
            intent, weight = WEIGHTS[concept]
            scores[intent] += weight * count
    if category:
        scores[Intent.REGISTER] += 2
    if heard["serial"]:
        scores[Intent.REGISTER] += 1
        scores[Intent.WARRANTY] += 1
    if heard["claim"]:
        scores[Intent.STATUS] += 5
    if heard["date"]:
        del scores[Intent.BACK]  # "2 недели назад": "назад" is "ago" here
    if heard["phone"]:
        del scores[Intent.HUMAN]  # "call me on 8 916 ...": a number given, not a person asked for
    if category or int(str(heard["words"])) > NAVIGATION_WORDS:
        for intent in NAVIGATION:
            del scores[intent]
    if len(scores) > 1 and Intent.GREETING in scores:
        del scores[Intent.GREETING]  # "hi, my kettle leaks" is about the kettle
    return scores


def _yes_no(found: Counter[str], word_count: int) -> bool | None:
    if word_count > SHORT_ANSWER_WORDS or bool(found["yes"]) == bool(found["no"]):
        return None
    return bool(found["yes"])


def understand(text: str, today: date, phone_region: str | None = None) -> Understood:
    """Intent and slots of one message; `today` anchors dates like "last March"."""
    found = concepts(text)
    found_serials = serials(text)
    numbers = claim_numbers(text)
    categories = _categories(found)
    category = categories[0] if categories else None  # for the intent's scores
    phone = next(iter(phones(text, phone_region)), None)
    when = find_date(text, today)
    word_count = len(words(fold(text)))
    facts: dict[str, object] = {
        "serial": bool(found_serials),
        "claim": bool(numbers),
        "date": when is not None,
        "phone": phone is not None,
        "words": word_count,
    }
    scores = _scores(found, category, facts)
    ranked = [(i, n) for i, n in scores.most_common(2) if n > 0] + [(Intent.NONE, 0)] * 2
    (top, top_score), (second, second_score) = ranked[0], ranked[1]
    describes = bool(category or found["broken"]) and len(text.strip()) >= 10
    return Understood(
        text=text,
        intent=top if top_score else Intent.NONE,
        runner_up=second if second_score else Intent.NONE,
        confident=top_score >= CONFIDENT_SCORE and top_score > second_score,
        script=dominant_script(text),
        serial=found_serials[0] if found_serials else None,
        claim_number=numbers[0] if numbers else None,
        phone=phone,
        date=when,
        categories=categories,
        description=text.strip() if describes else None,
        yes=_yes_no(found, word_count),
        no_receipt=bool(found["receipt"] and found["lack"]),
        lack=bool(found["lack"]),
    )
