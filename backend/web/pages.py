"""Server-rendered pages: Jinja2 with autoescaping and gettext in the visitor's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from backend.i18n import translator

TEMPLATES = Path(__file__).resolve().parent / "templates"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    enable_async=False,
)


def render_page(request: Request, name: str, locale: str, **context: Any) -> HTMLResponse:
    """Render a template in `locale`; every `{% trans %}` and `_()` goes through gettext."""
    translations = translator(locale)
    _environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    html = _environment.get_template(name).render(request=request, locale=locale, **context)
    return HTMLResponse(html, headers={"Content-Language": locale})
