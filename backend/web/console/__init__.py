"""The staff console: sign-in, the claims queue, claim pages, escalations, statistics,
supplier claims."""

from fastapi import APIRouter

from backend.web.console import (
    admin,
    auth,
    claims,
    documents,
    escalations,
    live,
    loaners,
    loans,
    parts,
    queue,
    recalls,
    reports,
    stats,
    supplier_claims,
    written,
)

router = APIRouter(include_in_schema=False)
# `documents` last: its `/claims/{claim_id}/{kind}` would shadow a route of that shape.
for module in (
    auth,
    queue,
    claims,
    written,
    parts,
    loans,
    loaners,
    escalations,
    live,
    stats,
    supplier_claims,
    recalls,
    reports,
    documents,
):
    router.include_router(module.router, prefix="/staff")
router.include_router(admin.router, prefix="/staff")
