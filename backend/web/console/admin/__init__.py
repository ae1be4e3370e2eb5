"""Administration pages for the admin role: staff, catalog and parts upload, transport,
replies, audit."""

from fastapi import APIRouter

from backend.web.console.admin import accounts, audit, canned, catalog, home, parts, transport

router = APIRouter()
for module in (home, accounts, catalog, parts, transport, canned, audit):
    router.include_router(module.router, prefix="/admin")
