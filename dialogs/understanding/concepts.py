"""Which notions a message mentions: exact words, word stems, phrases, and near misses.

English and Russian words are matched whole or by stem (`leak*`, `протека*`), so one entry
covers the word's forms; a word that matches nothing is compared with rapidfuzz to the entries
(typos such as "warrenty", "гарнтия"). Korean stems are found inside the text with spaces
removed, because particles and endings attach to them and messenger Korean drops spaces.
Results per word are cached: a running bot meets the same words again and again.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from dialogs.understanding.normalize import fold, words

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
FUZZY_MIN_LENGTH = 5
FUZZY_STEM_LENGTH = 6  # shorter stems are too close to unrelated words (запис-/напис-)
LONG_WORD = 8  # from this length two typos are forgiven, below it one
SWAPPED_LENGTH = 4  # a word this short is forgiven only two neighbours swapped, not the first
EMOJI = {"👍": "yes", "👌": "yes", "✅": "yes", "👎": "no", "❌": "no"}
Lexicon = dict[str, tuple[str, ...]]


def load_lexicon(language: str) -> Lexicon:
    """The notions of one language from `lexicon/<language>.txt` (`notion: entry, entry`)."""
    lexicon: dict[str, list[str]] = {}
    for line in (LEXICON_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        concept, _, entries = line.partition(":")
        found = lexicon.setdefault(concept.strip(), [])
        found.extend(fold(entry.strip()) for entry in entries.split(",") if entry.strip())
    return {concept: tuple(entries) for concept, entries in lexicon.items()}


def _phrase_pattern(phrase: str) -> str:
    parts = [
        re.escape(part.rstrip("*")) + (r"\w*" if part.endswith("*") else "")
        for part in phrase.split()
    ]
    return r"\s+".join(parts)


class _Latinish:
    """English and Russian entries: single words and stems by lookup, phrases by regex."""

    def __init__(self, lexicons: list[Lexicon]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.stems: dict[str, set[str]] = {}
        phrases: dict[str, list[str]] = {}
        for lexicon in lexicons:
            for concept, entries in lexicon.items():
                for entry in entries:
                    entry = entry.replace("'", "")
                    if " " in entry or "-" in entry:
                        phrases.setdefault(concept, []).append(
                            _phrase_pattern(entry.replace("-", " "))
                        )
                    elif entry.endswith("*"):
                        self.stems.setdefault(entry[:-1], set()).add(concept)
                    else:
                        self.exact.setdefault(entry, set()).add(concept)
        self.phrases = {
            concept: re.compile(rf"(?<!\w)(?:{'|'.join(found)})(?!\w)")
            for concept, found in phrases.items()
        }
        self.fuzzy_words = [w for w in self.exact if len(w) >= FUZZY_MIN_LENGTH]
        self.swapped = _swaps([w for w in self.exact if len(w) == SWAPPED_LENGTH], self.exact)
        self.stems_by_length: dict[int, list[str]] = {}
        for stem in self.stems:
            if len(stem) >= FUZZY_STEM_LENGTH:
                self.stems_by_length.setdefault(len(stem), []).append(stem)

    def word(self, token: str) -> frozenset[str]:
        """The notions one word names, typos forgiven for longer words."""
        found = set(self.exact.get(token, ()))
        for stem, concepts in self.stems.items():
            if token.startswith(stem):
                found |= concepts
        if found or any(ch.isdigit() for ch in token):
            return frozenset(found)
        if len(token) == SWAPPED_LENGTH:
            return frozenset(self.exact.get(self.swapped.get(token, ""), ()))
        if len(token) < FUZZY_MIN_LENGTH:
            return frozenset()
        return self._near(token)

    def _near(self, token: str) -> frozenset[str]:
        """The notions of the entry one or two typos away (a swap of neighbours is one)."""
        allowed = 2 if len(token) >= LONG_WORD else 1
        best = process.extractOne(
            token, self.fuzzy_words, scorer=OSA.distance, score_cutoff=allowed
        )
        if best is not None:
            return frozenset(self.exact[best[0]])
        for length, stems in self.stems_by_length.items():
            # the stem's length give or take a letter: a typo may add or drop one
            for prefix in {token[: length - 1], token[:length], token[: length + 1]}:
                hit = process.extractOne(prefix, stems, scorer=OSA.distance, score_cutoff=1)
                if hit is not None and len(prefix) >= length - 1:
                    return frozenset(self.stems[hit[0]])
        return frozenset()


def _swaps(entries: list[str], known: dict[str, set[str]]) -> dict[str, str]:
    """Short entries with two neighbouring letters swapped ("lsot" for "lost"), to the entry.

    One changed letter would make another word of a short one ("most", "cost"), so only a swap
    is forgiven, never of the first letter ("lsot" is "lost", not "slot"); a swap that is a word
    of its own ("lots": add it as `neutral`) or one of two entries stays unread."""
    found: dict[str, str] = {}
    twice: set[str] = set()
    for entry in entries:
        for i in range(1, len(entry) - 1):
            swapped = entry[:i] + entry[i + 1] + entry[i] + entry[i + 2 :]
            if swapped == entry or swapped in known:
                continue
            if found.setdefault(swapped, entry) != entry:
                twice.add(swapped)
    return {swapped: entry for swapped, entry in found.items() if swapped not in twice}


class _Korean:
    """Korean stems found inside the text; entries marked `=` only as whole words."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.whole: dict[str, set[str]] = {}
        inside: dict[str, list[str]] = {}
        for concept, entries in lexicon.items():
            for entry in entries:
                if entry.startswith("="):
                    self.whole.setdefault(entry[1:], set()).add(concept)
                else:
                    inside.setdefault(concept, []).append(re.escape(entry.replace(" ", "")))
        self.inside = {concept: re.compile("|".join(found)) for concept, found in inside.items()}
        self.any_inside = re.compile("|".join(p.pattern for p in self.inside.values()))
        # Stems of two syllables or more, spelled in letters (jamo), for typos: 취쇼 for 취소.
        self.spelled: dict[str, set[str]] = {}
        for concept, found in inside.items():
            for stem in found:
                if len(stem) >= 2 and all("\uac00" <= ch <= "\ud7a3" for ch in stem):
                    self.spelled.setdefault(spell(stem), set()).add(concept)
        self.spelled_by_length: dict[int, list[str]] = {}
        for spelled in self.spelled:
            self.spelled_by_length.setdefault(len(spelled), []).append(spelled)

    def word(self, token: str) -> frozenset[str]:
        """The notions a whole Korean word names; a word with no stem inside is compared,
        letter by letter, with the stems (one typo forgiven)."""
        found = set(self.whole.get(token, ()))
        if found or self.any_inside.search(token) or len(token) < 2:
            return frozenset(found)
        letters = spell(token)
        for length, spelled in self.spelled_by_length.items():
            # the first syllable's first two letters as typed: a typo further on is forgiven,
            # while words that only rhyme (시간 and 기간) stay apart
            stems = [stem for stem in spelled if stem[:2] == letters[:2]]
            hit = process.extractOne(letters[:length], stems, scorer=OSA.distance, score_cutoff=1)
            if hit is not None:
                return frozenset(self.spelled[hit[0]])
        return frozenset()


def spell(text: str) -> str:
    """Hangul syllables as their letters (jamo): 취소 → ㅊㅟㅅㅗ, so a typo is one letter."""
    letters = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            letters += [chr(0x1100 + code // 588), chr(0x1161 + code % 588 // 28)]
            if code % 28:
                letters.append(chr(0x11A7 + code % 28))
        else:
            letters.append(ch)
    return "".join(letters)


_LATINISH = _Latinish([load_lexicon("en"), load_lexicon("ru")])
_KOREAN = _Korean(load_lexicon("ko"))
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u1100-\u11ff]")


@lru_cache(maxsize=16384)
def korean_word_concepts(token: str) -> frozenset[str]:
    """The notions one Korean word names on its own (cached per word)."""
    return _KOREAN.word(token)


@lru_cache(maxsize=16384)
def word_concepts(token: str) -> frozenset[str]:
    """The notions one English or Russian word names (cached per word)."""
    return _LATINISH.word(token)


def concepts(text: str) -> Counter[str]:
    """How often each notion is mentioned in `text`."""
    folded = fold(text)
    tokens = words(folded)
    joined = " ".join(tokens)
    found: Counter[str] = Counter()
    for token in tokens:
        if _HANGUL.search(token):
            found.update(korean_word_concepts(token))
        else:
            found.update(word_concepts(token))
    for concept, pattern in _LATINISH.phrases.items():
        found[concept] += len(pattern.findall(joined))
    if _HANGUL.search(joined):
        squeezed = joined.replace(" ", "")
        for concept, pattern in _KOREAN.inside.items():
            found[concept] += len(pattern.findall(squeezed))
    for emoji, concept in EMOJI.items():
        if emoji in text:
            found[concept] += 1
    return +found
