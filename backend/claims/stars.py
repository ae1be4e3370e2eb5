"""The words beside the rating stars, so a button says what it means, not only how it looks."""

from __future__ import annotations

from backend.i18n import N_, gettext_for

STAR_LABELS = {
    1: N_("Very bad"),
    2: N_("Bad"),
    3: N_("Okay"),
    4: N_("Good"),
    5: N_("Excellent"),
}


def star_label(stars: int, locale: str) -> str:
    """`⭐⭐⭐⭐ Good` in `locale`."""
    return f"{'⭐' * stars} {gettext_for(locale, STAR_LABELS[stars])}"
