"""The staff console: sign-in, the claims queue, claim pages, escalations, statistics,
supplier claims."""

from fastapi import APIRouter

from backend.web.console import (
    admin,
    auth,
    claims,
    escalations,
    live,
    loaners,
    loans,
    parts,
    queue,
    stats,
    supplier_claims,
    written,
)

router = APIRouter(include_in_schema=False)
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
):
    router.include_router(module.router, prefix="/staff")
router.include_router(admin.router, prefix="/staff")
