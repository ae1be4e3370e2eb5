"""The loaner pool page: units with filters, the state of each, and (administrators) new units."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm.exc import StaleDataError

from backend.catalog.csv_rows import RowError
from backend.claims.models import Claim
from backend.errors import DomainError
from backend.i18n import N_
from backend.loaners.errors import LoanerUnavailable
from backend.loaners.importer import import_pool
from backend.loaners.labels import UNIT_STATE_NAMES
from backend.loaners.models import LoanerState, LoanerUnit
from backend.loaners.pool import (
    HAND_STATES,
    PoolFilter,
    UnitFields,
    add_unit,
    open_loans_by_unit,
    pool_categories,
    pool_units,
    update_unit,
)
from backend.staff.models import Role, StaffUser
from backend.web.console.claims import error_text
from backend.web.console.pages import console_page
from backend.web.console.session import Agent, csrf_ok, require
from backend.web.state import app_state

router = APIRouter()
PAGE = "/staff/loaners"
Admin = Annotated[StaffUser, Depends(require(Role.ADMIN))]
Csrf = Annotated[str, Form(max_length=64)]
Short = Annotated[str, Form(max_length=200)]
MAX_CSV_BYTES = 2**20
CSV_INVALID = N_(
    "The file is not a CSV of loaner units: UTF-8 text with the columns serial, model, category "
    "(location and notes optional)."
)


def _back(code: str) -> Response:
    return RedirectResponse(f"{PAGE}?msg={code}", status_code=303)


def _imported(request: Request) -> dict[str, str]:
    """The counts of an import, as the redirect after it carries them."""
    params = request.query_params
    return {key: params.get(key, "")[:300] for key in ("added", "updated", "refused")}


@router.get("/loaners")
async def pool_page(
    request: Request,
    user: Agent,
    state: Annotated[str, Query(max_length=16)] = "",
    category: Annotated[str, Query(max_length=64)] = "",
    q: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """Every unit of the pool with its state, location and the claim it is out on."""
    selected = PoolFilter(state=state, category=category.strip(), query=q.strip())
    async with app_state(request.app).sessions() as session:
        units = await pool_units(session, selected)
        loans = await open_loans_by_unit(session, [unit.id for unit in units])
        claims = {loan.unit_id: await session.get(Claim, loan.claim_id) for loan in loans.values()}
        categories = await pool_categories(session)
    code = request.query_params.get("msg", "")
    return console_page(
        request,
        "loaners.html",
        user,
        units=units,
        loans=loans,
        claims=claims,
        categories=categories,
        selected=selected,
        states=list(LoanerState),
        hand_states=HAND_STATES,
        state_names=UNIT_STATE_NAMES,
        today=app_state(request.app).clock.today(),
        message=CSV_INVALID if code == "loaner_csv_invalid" else error_text(code),
        saved=code == "saved",
        imported=_imported(request) if code == "imported" else None,
    )


@router.post("/loaners")
async def new_unit(
    request: Request,
    user: Admin,
    serial: Annotated[str, Form(max_length=64)] = "",
    model: Short = "",
    category: Annotated[str, Form(max_length=64)] = "",
    location: Short = "",
    notes: Annotated[str, Form(max_length=500)] = "",
    csrf: Csrf = "",
) -> Response:
    """Add an available unit to the pool (administrators)."""
    if not csrf_ok(request, csrf):
        return _back("expired")
    state = app_state(request.app)
    async with state.sessions() as session:
        try:
            fields = UnitFields(serial, model, category, location, notes)
            await add_unit(session, user, fields, state.clock.now())
        except DomainError as refused:
            return _back(refused.code)
        await session.commit()
    return _back("saved")


@router.post("/loaners/import")
async def import_units(
    request: Request, user: Admin, file: UploadFile | None = None, csrf: Csrf = ""
) -> Response:
    """Add or update units from a CSV file (administrators); the counts come back on the page."""
    if not csrf_ok(request, csrf):
        return _back("expired")
    if file is None or not file.filename:
        return _back("invalid")
    data = await file.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        return _back("invalid")
    state = app_state(request.app)
    with tempfile.TemporaryDirectory(prefix="loaners-") as folder:
        path = Path(folder) / "loaners.csv"
        path.write_bytes(data)
        async with state.sessions() as session:
            try:
                outcome = await import_pool(session, user, path, state.clock.now())
            except (UnicodeDecodeError, RowError, csv.Error):
                return _back("loaner_csv_invalid")
            await session.commit()
    counts = {"added": outcome.added, "updated": outcome.updated}
    refused = ",".join(str(line) for line in outcome.refused[:50])
    query = urlencode({"msg": "imported", **counts, "refused": refused})
    return RedirectResponse(f"{PAGE}?{query}", status_code=303)


@router.post("/loaners/{unit_id}")
async def change_unit(
    request: Request,
    unit_id: int,
    user: Agent,
    version: Annotated[int, Form(ge=0)] = 0,
    state: Annotated[str, Form(max_length=16)] = "",
    location: Short = "",
    notes: Annotated[str, Form(max_length=500)] = "",
    csrf: Csrf = "",
) -> Response:
    """A unit's state (available, in service, retired), location and notes."""
    if not csrf_ok(request, csrf):
        return _back("expired")
    if state not in {s.value for s in LoanerState}:
        return _back("invalid")
    app = app_state(request.app)
    async with app.sessions() as session:
        unit = await session.get(LoanerUnit, unit_id)
        if unit is None:
            return _back("not_found")
        try:
            change = (LoanerState(state), location, notes)
            await update_unit(session, user, unit, version, change, app.clock.now())
            await session.commit()
        except DomainError as refused:
            return _back(refused.code)
        except StaleDataError:
            return _back(LoanerUnavailable.code)
    return _back("saved")
