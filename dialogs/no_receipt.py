"""Words that say "I have no receipt" at the receipt step, and which other proof of purchase
the customer names at the next one, in English, Russian and Korean.

Small on purpose: the step asks for one thing, so a word of absence or loss ("no", "lost",
"нет", "потерял", "없어요") is enough, with a typo or two (Damerau-Levenshtein through
rapidfuzz: a swapped, missing or extra letter). Short words must be exact, as "no" is one
letter away from "so", and four-letter ones only with two neighbours swapped.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rapidfuzz.distance import DamerauLevenshtein

# Whole words (or pairs, joined by a space) meaning "none" or "lost"; lower case, ё as е.
ABSENCE_WORDS = frozenset(
    {
        # English
        "no",
        "not",
        "none",
        "nope",
        "dont",
        "don't",
        "didnt",
        "havent",
        "haven't",
        "hasnt",
        "without",
        "lost",
        "missing",
        "threw",
        "thrown",
        "discarded",
        "cant find",
        "can't find",
        "never got",
        "didn't get",
        # Russian
        "нет",
        "нету",
        "без",
        "потерял",
        "потеряла",
        "потеряли",
        "потерялся",
        "потерян",
        "утерян",
        "выбросил",
        "выбросила",
        "выкинул",
        "выкинула",
        "не сохранился",
        "не сохранила",
        "не сохранил",
        "не осталось",
        "не найду",
        "не могу",
        "не дали",
        "не давали",
        "отсутствует",
    }
)
# Korean stems: "없다" (there is none), "잃어버리다" / "분실" (lost), "버렸" (threw away),
# "못 찾" (can't find), "안 받" (didn't get); Korean glues endings to them, so a stem anywhere.
KOREAN_STEMS = ("없", "잃어", "분실", "버렸", "못 찾", "못찾", "안 받", "안받")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("ё", "е").replace("’", "'"))


def _near(word: str, known: str) -> bool:
    """Whether `word` is `known` up to the typos its length allows: under 5 letters only two
    neighbours swapped ("lsot"), as one changed letter makes another word ("most", "cost")."""
    if len(known) < 5:
        return word == known or (
            len(known) == 4
            and sorted(word) == sorted(known)
            and DamerauLevenshtein.distance(word, known) == 1
        )
    allowed = 1 if len(known) < 8 else 2
    return DamerauLevenshtein.distance(word, known, score_cutoff=allowed) <= allowed


def says_no_receipt(text: str) -> bool:
    """Whether the customer's text says they have no receipt (or lost it)."""
    if any(stem in text for stem in KOREAN_STEMS):
        return True
    words = _words(text)
    candidates = words + [f"{a} {b}" for a, b in pairwise(words)]
    return any(_near(candidate, known) for candidate in candidates for known in ABSENCE_WORDS)


# How else a purchase is proven, in words: beginnings of words (Russian endings vary), and
# Korean nouns found anywhere in the text. The most specific kind first: a "warranty card" is not
# a bank card, and an order paid by card is proven by its order number.
PROOF_WORDS: dict[str, tuple[str, ...]] = {
    "warranty_card": ("warranty", "guarantee", "талон", "гарант", "보증서"),
    "witness": (
        "witness",
        "friend",
        "wife",
        "husband",
        "свидетел",
        "жена",
        "муж",
        "подруг",
        "증인",
        "친구",
        "가족",
    ),
    "order_number": ("order", "online", "заказ", "интернет", "주문", "온라인"),
    "bank_statement": (
        "bank",
        "statement",
        "card",
        "transaction",
        "выписк",
        "банк",
        "карт",
        "сбер",
        "카드",
        "계좌",
        "은행",
        "거래",
        "내역",
    ),
}


def _begins(word: str, stem: str) -> bool:
    """Whether `word` begins with `stem`, a stem of five letters or more up to one typo."""
    if word.startswith(stem):
        return True
    return len(stem) >= 5 and _near(word[: len(stem)], stem)


def _names(text: str, words: list[str], stem: str) -> bool:
    if _is_korean(stem):
        return stem in text
    return any(_begins(word, stem) for word in words)


def proof_in_words(text: str) -> str | None:
    """The kind of purchase proof the text names (a PROOF_WORDS key, the first in its order
    when it names several), or None."""
    words = _words(text)
    return next(
        (
            kind
            for kind, stems in PROOF_WORDS.items()
            if any(_names(text, words, stem) for stem in stems)
        ),
        None,
    )


def _is_korean(stem: str) -> bool:
    return all("\uac00" <= char <= "\ud7a3" for char in stem)
