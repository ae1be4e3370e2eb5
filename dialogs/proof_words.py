"""Which other proof of purchase the customer names when there is no receipt, in English,
Russian and Korean ("I have a bank statement", "жена может подтвердить", "보증서 있어요").

Small on purpose: the step asks for one thing, so the beginning of a word is enough, with a
typo or two (Damerau-Levenshtein through rapidfuzz: a swapped, missing or extra letter). That
there is no receipt at all is the understanding step's reading (`Understood.lack`).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import DamerauLevenshtein

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("ё", "е").replace("’", "'"))


def _near(word: str, known: str) -> bool:
    """Whether `word` is `known` (five letters or more) up to one typo, two from eight letters."""
    allowed = 1 if len(known) < 8 else 2
    return DamerauLevenshtein.distance(word, known, score_cutoff=allowed) <= allowed


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
