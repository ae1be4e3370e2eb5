"""The staff console: sign-in, the claims queue, claim pages, escalations, statistics."""

from fastapi import APIRouter

from backend.web.console import (
    admin,
    auth,
    claims,
    escalations,
    live,
    loaners,
    loans,
    queue,
    recalls,
    reports,
    stats,
    written,
)

router = APIRouter(include_in_schema=False)
for module in (
    auth,
    queue,
    claims,
    written,
    loans,
    loaners,
    escalations,
    live,
    stats,
    recalls,
    reports,
):
    router.include_router(module.router, prefix="/staff")
router.include_router(admin.router, prefix="/staff")
