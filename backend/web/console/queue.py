"""The claims queue and "Take next"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from backend.catalog.models import Product
from backend.claims.models import ClaimStatus
from backend.claims.queue import QueueFilter, deadline_badge, queue_count, queue_query, take_next
from backend.staff.models import StaffUser
from backend.web.console.pages import console_page
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state

router = APIRouter()
PAGE_SIZE = 50


def _filter(
    status: str, product: str, channel: str, assignee: str, overdue: str, user: StaffUser
) -> QueueFilter:
    return QueueFilter(
        status=status if status in {s.value for s in ClaimStatus} else "",
        product_id=int(product) if product.isdigit() else None,
        channel=channel if channel in ("telegram", "web", "terminal", "api") else "",
        assignee_id=user.id if assignee == "me" else None,
        unassigned=assignee == "none",
        overdue=overdue == "1",
    )


@router.get("")
async def queue_page(
    request: Request,
    user: Agent,
    status: Annotated[str, Query(max_length=32)] = "",
    product: Annotated[str, Query(max_length=12)] = "",
    channel: Annotated[str, Query(max_length=16)] = "",
    assignee: Annotated[str, Query(max_length=8)] = "",
    overdue: Annotated[str, Query(max_length=1)] = "",
    page: Annotated[int, Query(ge=0, le=100000)] = 0,
) -> Response:
    """Claims with number, product, age, status, assignee and deadline badge; filters."""
    state = app_state(request.app)
    today = state.clock.today()
    query = _filter(status, product, channel, assignee, overdue, user)
    async with state.sessions() as session:
        claims = list(await session.scalars(queue_query(query, today, PAGE_SIZE, page * PAGE_SIZE)))
        total = await queue_count(session, query, today)
        products = {p.id: p for p in await session.scalars(select(Product).order_by(Product.name))}
        staff = {s.id: s for s in await session.scalars(select(StaffUser))}
    rows = [
        (
            claim,
            products.get(claim.product_id),
            staff.get(claim.assignee_id or 0),
            deadline_badge(claim.statutory_due_on, today, claim.status),
            (today - claim.created_at.date()).days,
        )
        for claim in claims
    ]
    return console_page(
        request,
        "queue.html",
        user,
        rows=rows,
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        products=list(products.values()),
        statuses=list(ClaimStatus),
        selected={
            "status": status,
            "product": product,
            "channel": channel,
            "assignee": assignee,
            "overdue": overdue,
        },
        today=today,
        message=request.query_params.get("msg", ""),
    )


@router.post("/take-next")
async def take_next_claim(
    request: Request, user: Agent, csrf: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    """Give the signed-in person the most urgent unassigned claim."""
    if not csrf_ok(request, csrf):
        return RedirectResponse("/staff?msg=expired", status_code=303)
    state = app_state(request.app)
    async with state.sessions() as session:
        claim = await take_next(session, user, state.clock.now())
    state.hub.wake()
    if claim is None:
        return RedirectResponse("/staff?msg=empty", status_code=303)
    return RedirectResponse(f"/staff/claims/{claim.id}", status_code=303)
