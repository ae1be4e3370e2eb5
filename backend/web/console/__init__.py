"""The staff console: sign-in, the claims queue, claim pages, escalations, statistics,
supplier claims."""

from fastapi import APIRouter

from backend.web.console import (
    admin,
    auth,
    claims,
    escalations,
    live,
    parts,
    queue,
    stats,
    supplier_claims,
)

router = APIRouter(include_in_schema=False)
for module in (auth, queue, claims, parts, escalations, live, stats, supplier_claims):
    router.include_router(module.router, prefix="/staff")
router.include_router(admin.router, prefix="/staff")
