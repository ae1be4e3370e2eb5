"""A claim's part requests moved along: ordered, received, fitted or cancelled."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm.exc import StaleDataError

from backend.claims.models import Claim
from backend.claims.service import check_version
from backend.errors import DomainError, StaleClaim
from backend.parts.models import PartState
from backend.parts.service import advance_request
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state

router = APIRouter()


@router.post("/claims/{claim_id}/parts/{request_id}")
async def part_step(
    request: Request,
    claim_id: int,
    request_id: int,
    user: Agent,
    state: Annotated[str, Form(max_length=16)] = "",
    csrf: Annotated[str, Form(max_length=64)] = "",
    version: Annotated[int, Form(ge=0)] = 0,
) -> Response:
    """Move one part request; refused with a message when the claim changed since its page."""
    target = f"/staff/claims/{claim_id}"
    if not csrf_ok(request, csrf):
        return RedirectResponse(f"{target}?error=expired", status_code=303)
    try:
        step = PartState(state)
    except ValueError:
        return RedirectResponse(f"{target}?error=invalid", status_code=303)
    app = app_state(request.app)
    async with app.sessions() as session:
        claim = await session.get(Claim, claim_id)
        if claim is None:
            return RedirectResponse("/staff", status_code=303)
        try:
            check_version(claim, version)
            await advance_request(session, claim, request_id, step, user, app.clock.now())
            await session.commit()
        except (DomainError, StaleDataError) as error:
            code = error.code if isinstance(error, DomainError) else StaleClaim.code
            return RedirectResponse(f"{target}?error={code}", status_code=303)
    return RedirectResponse(target, status_code=303)
