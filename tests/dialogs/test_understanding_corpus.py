"""The understanding step on the corpus of customer messages: at least 95% right per language."""

from __future__ import annotations

import pytest

from benchmarks.understanding import LANGUAGES, load, score

MINIMUM_ACCURACY = 0.95
MINIMUM_MESSAGES = 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corpus_is_understood(language: str) -> None:
    result = score(language)
    assert result.total >= MINIMUM_MESSAGES
    assert result.accuracy >= MINIMUM_ACCURACY, "\n".join(result.misses)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_and_slot_is_in_the_corpus(language: str) -> None:
    rows = load(language)
    intents = {row["intent"] for row in rows}
    slots = {slot for row in rows for slot in row["slots"]}
    assert intents == {
        "claim", "warranty", "claims", "transport", "human", "language", "back", "cancel",
        "help", "greeting", "none",
    }  # fmt: skip
    assert slots == {"serial", "claim_number", "phone", "date", "category", "yes", "no_receipt"}
