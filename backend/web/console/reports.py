"""The complaint reports in the console (manager role): every past report to download, and the
one-time code that links the manager's Telegram chat, where the next reports arrive too."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from backend.reports.links import CODE_LIFETIME, linked_chat, new_link_code
from backend.reports.models import ManagerReport
from backend.reports.service import list_reports
from backend.staff.models import StaffUser
from backend.web.console.pages import console_page
from backend.web.console.session import Manager, csrf_ok
from backend.web.state import app_state

router = APIRouter()


async def _page(
    request: Request, user: StaffUser, code: str = "", expired: bool = False
) -> Response:
    state = app_state(request.app)
    async with state.sessions() as session:
        reports = await list_reports(session)
        chat = await linked_chat(session, user.id)
    return console_page(
        request,
        "reports.html",
        user,
        reports=reports,
        linked=chat is not None,
        code=code,
        expired=expired,
        minutes=int(CODE_LIFETIME.total_seconds() // 60),
        schedule=state.settings.report_schedule,
    )


@router.get("/reports")
async def reports_page(request: Request, user: Manager) -> Response:
    """Past reports, newest first, and whether the manager's Telegram chat is linked."""
    return await _page(request, user)


@router.post("/reports/link")
async def link_code(
    request: Request, user: Manager, csrf: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    """A new one-time link code, shown once on the page (never in a URL)."""
    if not csrf_ok(request, csrf):
        return await _page(request, user, expired=True)
    state = app_state(request.app)
    async with state.sessions() as session:
        code = await new_link_code(session, user.id, state.clock.now())
        await session.commit()
    return await _page(request, user, code=code)


@router.get("/reports/{report_id}.csv")
async def download(request: Request, report_id: int, user: Manager) -> Response:
    """One stored report as its CSV file."""
    async with app_state(request.app).sessions() as session:
        report = await session.get(ManagerReport, report_id)
    if report is None:
        return console_page(request, "not_found.html", user, status_code=404)
    disposition = f'attachment; filename="{report.filename}"'
    return Response(
        report.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )
