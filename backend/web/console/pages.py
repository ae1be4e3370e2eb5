"""Rendering console pages with the signed-in user, the CSRF token and the staff's language."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from backend.i18n import pick_locale
from backend.staff.models import StaffUser
from backend.web.chat import browser_locale
from backend.web.console.session import csrf_token
from backend.web.pages import render_page
from backend.web.state import app_state


def staff_locale(request: Request) -> str:
    """`?lang=`, else the browser's language, else the default."""
    if request.query_params.get("lang"):
        return pick_locale(request.query_params.get("lang"))
    default = app_state(request.app).settings.default_locale
    return browser_locale(request.headers.get("accept-language"), default)


def console_page(
    request: Request,
    template: str,
    user: StaffUser | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A console page in the staff member's language."""
    response = render_page(
        request,
        f"staff/{template}",
        staff_locale(request),
        user=user,
        csrf=csrf_token(request),
        **context,
    )
    response.status_code = status_code
    return response
