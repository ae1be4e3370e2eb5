"""The staff console: sign-in, the claims queue, claim pages, escalations."""

from fastapi import APIRouter

from backend.web.console import auth, claims, escalations, queue

router = APIRouter(include_in_schema=False)
for module in (auth, queue, claims, escalations):
    router.include_router(module.router, prefix="/staff")
