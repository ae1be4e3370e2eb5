"""Rendering a document's template: its layout HTML in one language, and that HTML as a PDF.

Each document is one Jinja2 template under `templates/` written in the vocabulary of
`backend.documents.layout`. `render_layout` fills it in a language (`t`, `tn` and `day` are
the template's gettext and date helpers); the console page embeds the result as it is and
`layout_to_pdf` draws the same HTML, so both come from one description.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from backend.documents.layout import parse_layout
from backend.documents.pdf import layout_pdf
from backend.i18n import gettext_for, ngettext_for

TEMPLATES = Path(__file__).resolve().parent / "templates"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def local_date(value: date | None, locale: str) -> str:
    """A date as people of `locale` write it; nothing for an unknown date."""
    if value is None:
        return ""
    return format_date(value, format="d MMMM y" if locale == "ru" else "long", locale=locale)


def render_layout(template: str, locale: str, **context: Any) -> Markup:
    """The layout HTML of `template` in `locale` (safe to embed in a page)."""

    def t(message: str, **params: object) -> str:
        return gettext_for(locale, message, **params)

    def tn(singular: str, plural: str, n: int, **params: object) -> str:
        return ngettext_for(locale, singular, plural, n, **params)

    def day(value: date | None) -> str:
        return local_date(value, locale)

    html = _environment.get_template(template).render(t=t, tn=tn, day=day, locale=locale, **context)
    return Markup(html)  # noqa: S704 - autoescaped by the environment


def layout_to_pdf(html: str) -> bytes:
    """The PDF of a rendered layout."""
    return layout_pdf(parse_layout(html))
