"""Catalog and sales-registry upload: the CSV importer's report line by line, in the page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.importer import ImportReport, import_products, import_units
from backend.staff.models import StaffUser
from backend.web.console.admin.common import Admin, admin_page
from backend.web.console.admin.csv_upload import upload_csv
from backend.web.console.pages import console_page
from backend.web.state import app_state

router = APIRouter()
KINDS = ("products", "units")


async def _page(request: Request, user: StaffUser, **context: object) -> Response:
    status = 400 if context.get("file_error") else 200
    return admin_page(request, "catalog.html", user, status_code=status, kinds=KINDS, **context)


@router.get("/catalog")
async def catalog_page(request: Request, user: Admin) -> Response:
    """The two upload forms and the CSV formats they expect."""
    return await _page(request, user)


@router.post("/catalog/{kind}")
async def upload(
    request: Request,
    kind: str,
    user: Admin,
    file: UploadFile | None = None,
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Import the uploaded CSV with the same importer as the command line; show its report."""
    if kind not in KINDS:
        return console_page(request, "not_found.html", user, status_code=404)
    today = app_state(request.app).clock.today()

    async def importer(session: AsyncSession, path: Path) -> ImportReport:
        if kind == "products":
            return await import_products(session, path)
        return await import_units(session, path, today)

    upload = (file, csrf)
    return await upload_csv(request, user, kind, upload, importer, _page, f"catalog.{kind}")
