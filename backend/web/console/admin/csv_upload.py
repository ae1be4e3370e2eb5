"""A CSV upload of the administration: checked, kept in a temporary file, imported, audited.

The catalog, the sales registry, suppliers and spare parts are uploaded the same way: the
form's CSRF token and file are checked, the file is read in chunks up to `MAX_CSV_BYTES`, the
importer (the same one the command line uses) runs on it in one transaction with an audit entry
of its counts, and the page shows the importer's line-by-line report or one clear refusal.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.csv_rows import RowError
from backend.catalog.importer import ImportReport
from backend.i18n import N_
from backend.staff.audit import record
from backend.staff.models import StaffUser
from backend.web.console.session import csrf_ok
from backend.web.state import app_state

MAX_CSV_BYTES = 64 * 2**20
CHUNK = 1 << 16
FILE_ERRORS = {
    "expired": N_("The form expired. Please try again."),
    "no_file": N_("Choose a CSV file to upload."),
    "too_large": N_("The file is larger than 64 MB."),
    "encoding": N_("The file is not UTF-8 text. Save it as CSV UTF-8 and upload it again."),
    "header": N_("The file is not a CSV of this kind: {detail}"),
}
Importer = Callable[[AsyncSession, Path], Awaitable[ImportReport]]
Page = Callable[..., Awaitable[Response]]


async def upload_csv(
    request: Request,
    user: StaffUser,
    kind: str,
    upload: tuple[UploadFile | None, str],
    importer: Importer,
    page: Page,
    audit: str,
) -> Response:
    """Import the uploaded file (`upload`: the file and the form's CSRF token) with `importer`,
    audited as `audit`; `page(request, user, **context)` shows the report or the refusal."""
    file, csrf = upload
    if not csrf_ok(request, csrf):
        return await page(request, user, file_error=FILE_ERRORS["expired"], kind=kind)
    if file is None or not file.filename:
        return await page(request, user, file_error=FILE_ERRORS["no_file"], kind=kind)
    with tempfile.TemporaryDirectory(prefix="warranty-import-") as folder:
        path = await _saved(file, Path(folder))
        if path is None:
            return await page(request, user, file_error=FILE_ERRORS["too_large"], kind=kind)
        try:
            report = await _imported(request, user, (kind, audit), path, importer)
        except UnicodeDecodeError:
            return await page(request, user, file_error=FILE_ERRORS["encoding"], kind=kind)
        except (RowError, csv.Error) as error:
            error_text = FILE_ERRORS["header"]
            return await page(request, user, file_error=error_text, detail=str(error), kind=kind)
    return await page(request, user, report=report, kind=kind, filename=file.filename)


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


async def _imported(
    request: Request, user: StaffUser, audited: tuple[str, str], path: Path, importer: Importer
) -> ImportReport:
    """Run the importer and audit its counts (`audited`: the kind and the action) in one
    transaction."""
    kind, action = audited
    state = app_state(request.app)
    async with state.sessions() as session:
        report = await importer(session, path)
        summary = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.errors),
        }
        await record(session, user, action, kind, state.clock.now(), after=summary)
        await session.commit()
    return report
