"""The API reference pages, `/docs` (Swagger UI) and `/redoc`, from assets shipped in the package.

FastAPI's own pages load their scripts from a CDN and stay blank on a machine without internet;
these load them from `static/vendor/` (versions and licences in its README), so no request
leaves the host. A content security policy holds the pages to this host as well: ReDoc's
sidebar shows its maker's logo from their CDN, which the browser then does not fetch.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
VENDOR = "/static/vendor"
# The pages' own bootstrap scripts are inline; ReDoc renders in a worker built from a blob.
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)
FAVICON = f"{VENDOR}/swagger-ui/favicon-32x32.png"


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the application's OpenAPI schema."""
    page = get_swagger_ui_html(
        openapi_url=_schema_url(request),
        title=f"{request.app.title} - API",
        swagger_js_url=f"{VENDOR}/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url=f"{VENDOR}/swagger-ui/swagger-ui.css",
        swagger_favicon_url=FAVICON,
        # The validator badge would send the schema's address to validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
    )
    return _held_to_this_host(page)


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    """ReDoc over the application's OpenAPI schema."""
    page = get_redoc_html(
        openapi_url=_schema_url(request),
        title=f"{request.app.title} - API",
        redoc_js_url=f"{VENDOR}/redoc/redoc.standalone.js",
        redoc_favicon_url=FAVICON,
        with_google_fonts=False,
    )
    return _held_to_this_host(page)


def _schema_url(request: Request) -> str:
    return str(request.scope.get("root_path", "")) + str(request.app.openapi_url)


def _held_to_this_host(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = POLICY
    return page
