"""Sign-in and sign-out pages."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from backend.staff.auth import Attempt, CodeSetupRequired, SignInRefused, sign_in
from backend.staff.sessions import close_session, open_session
from backend.web.console.pages import console_page
from backend.web.console.session import COOKIE, MAX_AGE, csrf_ok, current_staff
from backend.web.ratelimit import client_address
from backend.web.state import app_state

router = APIRouter()
LOGIN_CSRF = "wi_login"


def _safe_next(target: str | None) -> str:
    """Only paths inside the console, never another site."""
    if target and target.startswith("/staff") and not target.startswith("//"):
        return target
    return "/staff"


def _login_page(
    request: Request, target: str, error: str | None, status_code: int = 401
) -> Response:
    """The sign-in form with a fresh double-submit CSRF token in a cookie and a hidden field."""
    token = secrets.token_urlsafe(16)
    response = console_page(
        request,
        "login.html",
        None,
        status_code=status_code if error else 200,
        login_csrf=token,
        next=_safe_next(target),
        error=error,
    )
    response.set_cookie(
        LOGIN_CSRF,
        token,
        httponly=True,
        samesite="strict",
        max_age=3600,
        secure=request.url.scheme == "https",
        path="/staff",
    )
    return response


@router.get("/login")
async def login_form(request: Request, next: str = "/staff") -> Response:
    """The sign-in form."""
    return _login_page(request, next, None)


@router.post("/login")
async def login(
    request: Request,
    login: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=300)] = "/staff",
    code: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Check the password (and code): one refusal for every failure, a growing wait per client."""
    cookie = request.cookies.get(LOGIN_CSRF, "")
    if not cookie or not hmac.compare_digest(cookie, csrf):
        return _login_page(request, next, "expired")
    state = app_state(request.app)
    now = state.clock.now()
    client = client_address(request)
    throttle = state.sign_in_throttle
    if throttle.wait(client, now):
        return _login_page(request, next, "wait", status_code=429)
    attempt = Attempt(
        login,
        password,
        now,
        code=code,
        trusted=throttle.trusted(client, now),
        admin_code_required=state.settings.admin_totp_required,
    )
    try:
        async with state.sessions() as session:
            user = await sign_in(session, attempt)
            token = await open_session(session, user, now)
    except CodeSetupRequired:
        return _login_page(request, next, "code_setup", status_code=403)
    except SignInRefused:
        throttle.failed(client, now)
        return _login_page(request, next, "invalid")
    throttle.succeeded(client)
    redirect = RedirectResponse(_safe_next(next), status_code=303)
    redirect.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    redirect.delete_cookie(LOGIN_CSRF, path="/staff")
    return redirect


@router.post("/logout")
async def logout(request: Request, csrf: Annotated[str, Form(max_length=64)] = "") -> Response:
    """End the session (a forged request without the token changes nothing)."""
    if await current_staff(request) is None or not csrf_ok(request, csrf):
        return RedirectResponse("/staff/login", status_code=303)
    async with app_state(request.app).sessions() as session:
        await close_session(session, request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
