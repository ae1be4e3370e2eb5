"""The public API under /api/v1 (OpenAPI at /docs)."""

from fastapi import APIRouter

from backend.web.api import claims, stats, warranty

router = APIRouter(prefix="/api/v1")
router.include_router(warranty.router)
router.include_router(claims.router)
router.include_router(stats.router)
