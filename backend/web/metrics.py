"""`/metrics` in the Prometheus text format, for loopback clients or a bearer token.

With `METRICS_TOKEN` set, any client presenting `Authorization: Bearer <token>` is served. Without
it only clients on this host are, and only directly: a request a reverse proxy forwarded (it
carries `Forwarded` or `X-Forwarded-For`) is refused even though it arrives from loopback.
"""

from __future__ import annotations

import ipaddress
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from backend.monitoring.gauges import DatabaseGauges
from backend.web.state import app_state

router = APIRouter(include_in_schema=False)
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def database_gauges(request: Request) -> DatabaseGauges:
    """This application's database gauges, created on first use."""
    state = app_state(request.app)
    gauges = state.extras.get("metrics")
    if not isinstance(gauges, DatabaseGauges):
        gauges = DatabaseGauges(state.report_sessions)
        state.extras["metrics"] = gauges
    return gauges


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """The process's counters and the database gauges."""
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    gauges = database_gauges(request)
    await gauges.refresh()
    registry = CollectorRegistry(auto_describe=False)
    registry.register(gauges)
    body = generate_latest(REGISTRY) + generate_latest(registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def _refusal(request: Request) -> Response | None:
    token = app_state(request.app).settings.metrics_token
    if token:
        offered = request.headers.get("authorization", "")
        if secrets.compare_digest(offered.encode(), f"Bearer {token}".encode()):
            return None
        return PlainTextResponse(
            "A bearer token is required.\n", 401, headers={"WWW-Authenticate": "Bearer"}
        )
    if _loopback(request) and not any(h in request.headers for h in FORWARDING_HEADERS):
        return None
    return PlainTextResponse("Served to this host only; set METRICS_TOKEN for others.\n", 403)


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
