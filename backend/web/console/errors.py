"""What a visitor without a session, or without the role, sees."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from backend.web.console.pages import console_page
from backend.web.console.session import LoginRequired, RoleRequired, current_staff


def install_error_pages(app: FastAPI) -> None:
    """Redirect to sign-in without a session; a 403 page without the role."""

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if request.method != "GET":
            return Response(status_code=401)
        return RedirectResponse(f"/staff/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(RoleRequired)
    async def role_required(request: Request, _: RoleRequired) -> Response:
        return console_page(
            request, "forbidden.html", await current_staff(request), status_code=403
        )
