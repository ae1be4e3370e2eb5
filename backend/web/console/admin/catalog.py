"""Catalog and sales-registry upload: the CSV importer's report line by line, in the page."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response

from backend.catalog.csv_rows import RowError
from backend.catalog.importer import ImportReport, import_products, import_units
from backend.i18n import N_
from backend.staff.audit import record
from backend.staff.models import StaffUser
from backend.web.console.admin.common import Admin, admin_page
from backend.web.console.pages import console_page
from backend.web.console.session import csrf_ok
from backend.web.state import app_state

router = APIRouter()
KINDS = ("products", "units")
MAX_CSV_BYTES = 64 * 2**20
CHUNK = 1 << 16
FILE_ERRORS = {
    "expired": N_("The form expired. Please try again."),
    "no_file": N_("Choose a CSV file to upload."),
    "too_large": N_("The file is larger than 64 MB."),
    "encoding": N_("The file is not UTF-8 text. Save it as CSV UTF-8 and upload it again."),
    "header": N_("The file is not a CSV of this kind: {detail}"),
}


def _page(request: Request, user: StaffUser, **context: object) -> Response:
    status = 400 if context.get("file_error") else 200
    return admin_page(request, "catalog.html", user, status_code=status, kinds=KINDS, **context)


@router.get("/catalog")
async def catalog_page(request: Request, user: Admin) -> Response:
    """The two upload forms and the CSV formats they expect."""
    return _page(request, user)


async def _saved(upload: UploadFile, folder: Path) -> Path | None:
    """The upload in a temporary file, or None when it is larger than the limit."""
    path, size = folder / "upload.csv", 0
    with path.open("wb") as handle:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > MAX_CSV_BYTES:
                return None
            handle.write(chunk)
    return path


async def _run(request: Request, kind: str, path: Path, user: StaffUser) -> ImportReport:
    state = app_state(request.app)
    async with state.sessions() as session:
        if kind == "products":
            report = await import_products(session, path)
        else:
            report = await import_units(session, path, state.clock.today())
        summary = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.errors),
        }
        await record(session, user, f"catalog.{kind}", kind, state.clock.now(), after=summary)
        await session.commit()
    return report


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
    if not csrf_ok(request, csrf):
        return _page(request, user, file_error=FILE_ERRORS["expired"], kind=kind)
    if file is None or not file.filename:
        return _page(request, user, file_error=FILE_ERRORS["no_file"], kind=kind)
    with tempfile.TemporaryDirectory(prefix="warranty-import-") as folder:
        path = await _saved(file, Path(folder))
        if path is None:
            return _page(request, user, file_error=FILE_ERRORS["too_large"], kind=kind)
        try:
            report = await _run(request, kind, path, user)
        except UnicodeDecodeError:
            return _page(request, user, file_error=FILE_ERRORS["encoding"], kind=kind)
        except (RowError, csv.Error) as error:
            return _page(
                request, user, file_error=FILE_ERRORS["header"], detail=str(error), kind=kind
            )
    return _page(request, user, report=report, kind=kind, filename=file.filename)
