"""GET /api/v1/stats: the manager dashboard's numbers as JSON, for a key of scope `manager`.

The query parameters are the dashboard's (`from`, `to` or `days`, `product`, `category`,
`channel`, `window`); durations are in hours, rates in claims per 1,000 sold units.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request

from backend.integrations.models import ApiScope
from backend.integrations.service import check_key
from backend.stats.serialize import dashboard_json
from backend.web.api.errors import ApiError, ErrorBody
from backend.web.console.stats import load_dashboard, period_from_query, rules_from_query
from backend.web.state import app_state

router = APIRouter(tags=["statistics"])


@router.get("/stats", response_model=dict[str, Any], responses={401: {"model": ErrorBody}})
async def stats(
    request: Request, x_api_key: Annotated[str | None, Header(max_length=200)] = None
) -> dict[str, Any]:
    """Every number of the manager dashboard, with the systematic-defect warnings."""
    state = app_state(request.app)
    async with state.sessions() as session:  # records the key's last use
        key = await check_key(session, x_api_key, ApiScope.MANAGER, state.clock.now())
        if key is None:
            raise ApiError(401, "unauthorized", "A valid X-API-Key of scope manager is required.")
        await session.commit()
    board = await load_dashboard(request, period_from_query(request), rules_from_query(request))
    return dashboard_json(board)
