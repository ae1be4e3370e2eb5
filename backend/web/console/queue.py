"""The claims queue: actionable claims first, search, pages, saved filters and "Take next"."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from backend.catalog.models import Product
from backend.claims.models import ClaimStatus
from backend.claims.queue import QueueFilter, deadline_badge, queue_count, queue_query, take_next
from backend.claims.saved_filters import forget_filter, save_filter, saved_filters
from backend.claims.search import search_claim_ids
from backend.loaners.service import pending_deadlines
from backend.staff.models import StaffUser
from backend.web.console.pages import console_page
from backend.web.console.session import Agent, csrf_ok
from backend.web.state import app_state
from backend.written_claims.service import open_written_due

router = APIRouter()
PAGE_SIZE = 50
FILTER_FIELDS = ("q", "view", "status", "product", "channel", "assignee", "overdue")


def loaner_deadline(
    due_by: date | None, today: date, status: ClaimStatus
) -> tuple[date, str] | None:
    """A requested loaner's "provide by" day with its badge, beside the claim's own deadline."""
    return None if due_by is None else (due_by, deadline_badge(due_by, today, status))


def _filter(selected: dict[str, str], user: StaffUser) -> QueueFilter:
    status, product = selected["status"], selected["product"]
    return QueueFilter(
        status=status if status in {s.value for s in ClaimStatus} else "",
        product_id=int(product) if product.isdigit() else None,
        channel=selected["channel"]
        if selected["channel"] in ("telegram", "web", "terminal", "api")
        else "",
        assignee_id=user.id if selected["assignee"] == "me" else None,
        unassigned=selected["assignee"] == "none",
        overdue=selected["overdue"] == "1",
        actionable=selected["view"] != "all" and not selected["q"],
    )


@router.get("")
async def queue_page(
    request: Request,
    user: Agent,
    q: Annotated[str, Query(max_length=100)] = "",
    view: Annotated[str, Query(max_length=8)] = "",
    status: Annotated[str, Query(max_length=32)] = "",
    product: Annotated[str, Query(max_length=12)] = "",
    channel: Annotated[str, Query(max_length=16)] = "",
    assignee: Annotated[str, Query(max_length=8)] = "",
    overdue: Annotated[str, Query(max_length=1)] = "",
    page: Annotated[int, Query(ge=0, le=100000)] = 0,
) -> Response:
    """Open claims by deadline (or all, or a search's hits), with filters and pages."""
    state = app_state(request.app)
    today = state.clock.today()
    selected = {
        "q": q.strip(),
        "view": "all" if view == "all" else "",
        "status": status,
        "product": product,
        "channel": channel,
        "assignee": assignee,
        "overdue": overdue,
    }
    query = _filter(selected, user)
    async with state.sessions() as session:
        if selected["q"]:
            ids = await search_claim_ids(session, selected["q"])
            query = QueueFilter(**{**query.__dict__, "ids": tuple(ids)})
        claims = list(await session.scalars(queue_query(query, today, PAGE_SIZE, page * PAGE_SIZE)))
        total = await queue_count(session, query, today)
        products = {p.id: p for p in await session.scalars(select(Product).order_by(Product.name))}
        staff = {s.id: s for s in await session.scalars(select(StaffUser))}
        saved = await saved_filters(session, user.id)
        loaners_due = await pending_deadlines(session, [claim.id for claim in claims])
        written_due = await open_written_due(session, [claim.id for claim in claims])
    rows = [
        (
            claim,
            products.get(claim.product_id),
            staff.get(claim.assignee_id or 0),
            deadline_badge(claim.statutory_due_on, today, claim.status),
            (today - claim.created_at.date()).days,
            loaner_deadline(loaners_due.get(claim.id), today, claim.status),
        )
        for claim in claims
    ]
    current = {k: v for k, v in selected.items() if v}
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
        selected=selected,
        query_string=urlencode(current),
        page_link=lambda n: "?" + urlencode({**current, "page": n}),
        saved=saved,
        written_due=written_due,
        today=today,
        message=request.query_params.get("msg", ""),
    )


def clean_query(query: str) -> str:
    """Only the queue's own filter fields, re-encoded (a saved filter is a query string)."""
    pairs = parse_qsl(query, keep_blank_values=False)[:20]
    return urlencode([(k, v[:100]) for k, v in pairs if k in FILTER_FIELDS])


@router.post("/filters")
async def save_current_filter(
    request: Request,
    user: Agent,
    csrf: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=60)] = "",
    query: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Save the queue's current filter under a name, for this staff account."""
    if not csrf_ok(request, csrf):
        return RedirectResponse("/staff?msg=expired", status_code=303)
    query = clean_query(query)
    if not name.strip():
        return RedirectResponse(f"/staff?{query}&msg=unnamed", status_code=303)
    async with app_state(request.app).sessions() as session:
        saved = await save_filter(session, user.id, name.strip(), query)
        await session.commit()
    return RedirectResponse(f"/staff?{query}&msg={'saved' if saved else 'full'}", status_code=303)


@router.post("/filters/{filter_id}/delete")
async def delete_filter(
    request: Request, filter_id: int, user: Agent, csrf: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    """Forget one of the staff member's saved filters."""
    if csrf_ok(request, csrf):
        async with app_state(request.app).sessions() as session:
            await forget_filter(session, user.id, filter_id)
            await session.commit()
    return RedirectResponse("/staff", status_code=303)


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
