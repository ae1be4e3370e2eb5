"""Text as customers type it, made comparable: case, emoji, punctuation, look-alikes, scripts."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

# Three or more of one letter ("pleeease", "нееет") are one letter for matching.
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_WORDS = re.compile(r"[^\W_]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u1100-\u11ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z]")


MIN_LETTERS = 4


class Script(StrEnum):
    """The writing system most of a message's letters belong to."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    HANGUL = "hangul"


LOCALE_SCRIPTS = {"en": Script.LATIN, "ru": Script.CYRILLIC, "ko": Script.HANGUL}
SCRIPT_LOCALES = {script: locale for locale, script in LOCALE_SCRIPTS.items()}


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, compatibility forms unified (full-width digits), ё as е, repeats squeezed."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    folded = folded.replace("’", "'").replace("`", "'")
    return _REPEATS.sub(r"\1", folded)


def words(text: str) -> list[str]:
    """The words of folded text: runs of letters and digits in any script; emoji and
    punctuation separate them."""
    return _WORDS.findall(text.replace("'", ""))


def plain(text: str) -> str:
    """Folded text reduced to its words joined by single spaces."""
    return " ".join(words(fold(text)))


def dominant_script(text: str) -> Script | None:
    """The script of most letters, or None when there are too few letters to tell ("ok").

    Latin letters inside serial-number-like words (digits beside them) do not count, so a
    Russian message quoting WM700-0001 stays Russian."""
    prose = re.sub(r"\S*\d\S*", " ", text)
    counts = {
        Script.HANGUL: 2 * len(_HANGUL.findall(prose)),  # a syllable is two or three letters
        Script.CYRILLIC: len(_CYRILLIC.findall(prose)),
        Script.LATIN: len(_LATIN.findall(prose)),
    }
    script, count = max(counts.items(), key=lambda item: item[1])
    if count < MIN_LETTERS:
        return None
    return script
