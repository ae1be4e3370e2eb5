"""The audit log: every administration change, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.staff.audit import recent_entries
from backend.web.console.admin.common import AUDIT_NAMES, FIELD_NAMES, Admin, admin_page
from backend.web.state import app_state

router = APIRouter()


@router.get("/audit")
async def audit_page(request: Request, user: Admin) -> Response:
    """Who changed what and when, with the values before and after."""
    async with app_state(request.app).sessions() as session:
        entries = await recent_entries(session)
    return admin_page(
        request, "audit.html", user, entries=entries, actions=AUDIT_NAMES, fields=FIELD_NAMES
    )
