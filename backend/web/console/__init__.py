"""The staff console: sign-in, the claims queue, claim pages, escalations, statistics."""

from fastapi import APIRouter

from backend.web.console import auth, claims, escalations, live, queue, stats

router = APIRouter(include_in_schema=False)
for module in (auth, queue, claims, escalations, live, stats):
    router.include_router(module.router, prefix="/staff")
