"""Staff accounts: create, role and display name, password reset, disable and enable."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from backend.staff.accounts import (
    AccountRefused,
    all_accounts,
    create_account,
    reset_password,
    set_enabled,
    update_account,
)
from backend.staff.models import Role, StaffUser
from backend.web.console.admin.common import Admin, admin_page, back
from backend.web.console.session import csrf_ok
from backend.web.state import app_state

router = APIRouter()
PAGE = "/staff/admin/staff"
Csrf = Annotated[str, Form(max_length=64)]
ROLES = {role.value for role in Role}


async def _page(request: Request, user: StaffUser, **context: Any) -> Response:
    async with app_state(request.app).sessions() as session:
        accounts = await all_accounts(session)
    return admin_page(request, "staff.html", user, accounts=accounts, roles=list(Role), **context)


@router.get("/staff")
async def staff_page(request: Request, user: Admin) -> Response:
    """Every account with its role, name and state, and the form for a new one."""
    return await _page(request, user)


@router.post("/staff")
async def create(
    request: Request,
    user: Admin,
    login: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    display_name: Annotated[str, Form(max_length=300)] = "",
    csrf: Csrf = "",
) -> Response:
    """A new account; its generated password is shown once on the page that follows."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    if role not in ROLES:
        return back(PAGE, "invalid")
    state = app_state(request.app)
    async with state.sessions() as session:
        try:
            created, password = await create_account(
                session, user, login, Role(role), display_name, state.clock.now()
            )
        except AccountRefused as refused:
            return back(PAGE, refused.code)
        await session.commit()
    return await _page(request, user, msg="saved", new_login=created.login, password=password)


@router.post("/staff/{staff_id}")
async def change(
    request: Request,
    staff_id: int,
    user: Admin,
    do: Annotated[str, Form(max_length=16)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    display_name: Annotated[str, Form(max_length=300)] = "",
    csrf: Csrf = "",
) -> Response:
    """Save role and name, reset the password (shown once), or disable/enable the account."""
    if not csrf_ok(request, csrf):
        return back(PAGE, "expired")
    state = app_state(request.app)
    now, password = state.clock.now(), ""
    async with state.sessions() as session:
        account = await session.get(StaffUser, staff_id)
        if account is None:
            return back(PAGE, "not_found")
        try:
            if do == "save" and role in ROLES:
                await update_account(session, user, account, Role(role), display_name, now)
            elif do == "password":
                password = await reset_password(session, user, account, now)
            elif do in ("disable", "enable"):
                await set_enabled(session, user, account, do == "enable", now)
            else:
                return back(PAGE, "invalid")
        except AccountRefused as refused:
            return back(PAGE, refused.code)
        login = account.login
        await session.commit()
    if password:
        return await _page(request, user, msg="saved", new_login=login, password=password)
    return back(PAGE, "saved")
