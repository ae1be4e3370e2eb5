"""The staff console: sign-in, the claims queue, claim pages, escalations, statistics."""

from fastapi import APIRouter

from backend.web.console import (
    admin,
    auth,
    claims,
    escalations,
    live,
    queue,
    recalls,
    reports,
    stats,
)

router = APIRouter(include_in_schema=False)
for module in (auth, queue, claims, escalations, live, stats, recalls, reports):
    router.include_router(module.router, prefix="/staff")
router.include_router(admin.router, prefix="/staff")
