"""The administration's start page: what can be managed here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.web.console.admin.common import Admin, admin_page

router = APIRouter()


@router.get("")
async def admin_home(request: Request, user: Admin) -> Response:
    """Links to every administration page."""
    return admin_page(request, "index.html", user)
