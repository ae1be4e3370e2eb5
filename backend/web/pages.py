"""Server-rendered pages: Jinja2 with autoescaping and gettext in the visitor's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from backend.claims import labels
from backend.errors import messages_by_code
from backend.i18n import translator
from backend.warranty.explain import REMEDY_LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    enable_async=False,
)
_environment.globals.update(
    STATUS_NAMES=labels.STATUS_NAMES,
    ACTION_NAMES=labels.ACTION_NAMES,
    DECISION_NAMES=labels.DECISION_NAMES,
    DIAGNOSIS_NAMES=labels.DIAGNOSIS_NAMES,
    BADGE_NAMES=labels.BADGE_NAMES,
    AUTHOR_NAMES=labels.AUTHOR_NAMES,
    DEFECT_CATEGORIES=labels.DEFECT_CATEGORIES,
    PURCHASE_PROOFS=labels.PURCHASE_PROOFS,
    REMEDY_LABELS=REMEDY_LABELS,
    REASON_NAMES=labels.REASON_NAMES,
    CHANNEL_NAMES=labels.CHANNEL_NAMES,
    LANGUAGE_NAMES=labels.LANGUAGE_NAMES,
    BOOKING_NAMES=labels.BOOKING_NAMES,
    ROLE_NAMES=labels.ROLE_NAMES,
    DELIVERY_NAMES=labels.DELIVERY_NAMES,
    ATTACHMENT_NAMES=labels.ATTACHMENT_NAMES,
    DEMAND_NAMES=labels.DEMAND_NAMES,
    ANSWER_NAMES=labels.ANSWER_NAMES,
    DOMAIN_MESSAGES=messages_by_code(),
)


def render_page(request: Request, name: str, locale: str, **context: Any) -> HTMLResponse:
    """Render a template in `locale`; every `{% trans %}` and `_()` goes through gettext."""
    translations = translator(locale)
    _environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    html = _environment.get_template(name).render(request=request, locale=locale, **context)
    return HTMLResponse(html, headers={"Content-Language": locale})
