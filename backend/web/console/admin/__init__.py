"""Administration pages for the admin role: staff, catalog upload, transport, replies, audit."""

from fastapi import APIRouter

from backend.web.console.admin import accounts, audit, canned, catalog, home, transport

router = APIRouter()
for module in (home, accounts, catalog, transport, canned, audit):
    router.include_router(module.router, prefix="/admin")
