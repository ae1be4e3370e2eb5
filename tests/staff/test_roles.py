"""The role table: every console route with the lowest role that may open it.

A route added to the application but missing here fails the first test, so nobody ships a page
without deciding who may see it; the second opens every route as every role.
"""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts

from backend.staff.models import Role
from tests.support.console import client_for, make_claim, make_staff, sign_in

RANK = {"anonymous": 0, "agent": 1, "manager": 2, "admin": 3}
PUBLIC = "public"
ROLE_TABLE: dict[tuple[str, str], str] = {
    ("GET", "/staff/login"): PUBLIC,
    ("POST", "/staff/login"): PUBLIC,
    ("POST", "/staff/logout"): PUBLIC,
    ("GET", "/staff"): "agent",
    ("POST", "/staff/take-next"): "agent",
    ("POST", "/staff/filters"): "agent",
    ("POST", "/staff/filters/{filter_id}/delete"): "agent",
    ("GET", "/staff/claims/{claim_id}"): "agent",
    ("POST", "/staff/claims/{claim_id}/action"): "agent",
    ("GET", "/staff/claims/{claim_id}/{kind}"): "agent",
    ("POST", "/staff/claims/{claim_id}/loaner/issue"): "agent",
    ("POST", "/staff/claims/{claim_id}/loaner/sign"): "agent",
    ("POST", "/staff/claims/{claim_id}/loaner/return"): "agent",
    ("GET", "/staff/loans/{loan_id}/{kind}"): "agent",
    ("GET", "/staff/loaners"): "agent",
    ("POST", "/staff/loaners"): "admin",  # new units of the pool, like slots and points
    ("POST", "/staff/loaners/import"): "admin",
    ("POST", "/staff/loaners/{unit_id}"): "agent",  # state, location, notes
    ("POST", "/staff/claims/{claim_id}/written"): "agent",
    ("POST", "/staff/claims/{claim_id}/written/{written_id}/answer"): "agent",
    ("GET", "/staff/claims/{claim_id}/written/{written_id}/{kind}"): "agent",
    ("POST", "/staff/claims/{claim_id}/parts/{request_id}"): "agent",
    ("GET", "/staff/supplier-claims"): "agent",
    ("POST", "/staff/supplier-claims"): "agent",
    ("GET", "/staff/supplier-claims/{supplier_claim_id}"): "agent",
    ("POST", "/staff/supplier-claims/{supplier_claim_id}/state"): "agent",
    ("GET", "/staff/supplier-claims/{supplier_claim_id}/export.{kind}"): "agent",
    ("POST", "/staff/claims/{claim_id}/paperwork"): "agent",
    ("POST", "/staff/claims/{claim_id}/documents/{kind}/send"): "agent",
    ("GET", "/staff/attachments/{attachment_id}"): "agent",
    ("GET", "/staff/attachments/{attachment_id}/preview"): "agent",
    ("GET", "/staff/escalations"): "agent",
    ("GET", "/staff/escalations/{escalation_id}"): "agent",
    ("POST", "/staff/escalations/{escalation_id}/reply"): "agent",
    ("POST", "/staff/escalations/{escalation_id}/note"): "agent",
    ("POST", "/staff/escalations/{escalation_id}/assign"): "agent",
    ("POST", "/staff/escalations/{escalation_id}/close"): "agent",
    ("WS", "/staff/live"): "agent",  # the socket checks the session itself (web/console/live.py)
    ("GET", "/staff/stats"): "manager",
    ("GET", "/staff/stats/export/{table}.csv"): "manager",
    ("GET", "/staff/stats/proposal/{model_code}.{kind}"): "manager",
    ("GET", "/staff/recalls"): "manager",
    ("POST", "/staff/recalls"): "manager",
    ("GET", "/staff/recalls/{campaign_id}"): "manager",
    ("POST", "/staff/recalls/{campaign_id}/send"): "manager",
    ("GET", "/staff/reports"): "manager",
    ("POST", "/staff/reports/link"): "manager",
    ("GET", "/staff/reports/{report_id}.csv"): "manager",
    ("GET", "/staff/admin"): "admin",
    ("GET", "/staff/admin/staff"): "admin",
    ("POST", "/staff/admin/staff"): "admin",
    ("POST", "/staff/admin/staff/{staff_id}"): "admin",
    ("GET", "/staff/admin/catalog"): "admin",
    ("POST", "/staff/admin/catalog/{kind}"): "admin",
    ("GET", "/staff/admin/parts"): "admin",
    ("POST", "/staff/admin/parts/{kind}"): "admin",
    ("GET", "/staff/admin/transport"): "admin",
    ("POST", "/staff/admin/transport/slots"): "admin",
    ("POST", "/staff/admin/transport/slots/{slot_id}"): "admin",
    ("POST", "/staff/admin/transport/points"): "admin",
    ("POST", "/staff/admin/transport/points/{point_id}"): "admin",
    ("GET", "/staff/admin/canned"): "admin",
    ("POST", "/staff/admin/canned"): "admin",
    ("POST", "/staff/admin/canned/{reply_id}"): "admin",
    ("GET", "/staff/admin/audit"): "admin",
}
SAMPLES = {"kind": "act", "table": "statuses", "model_code": "WM-700"}


def console_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route the application serves under /staff."""
    return {
        (method, route.path)
        for route in iter_route_contexts(app.routes)
        if route.path.startswith("/staff")
        for method in route.methods or ("WS",)
        if method != "HEAD"
    }


async def test_every_console_route_is_in_the_role_table(console) -> None:
    app, _ = console
    served = console_routes(app)
    assert served - ROLE_TABLE.keys() == set(), "add the new route to ROLE_TABLE with its role"
    assert ROLE_TABLE.keys() - served == set(), "the table lists a route that no longer exists"


def _path(pattern: str, claim_id: int) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "claim_id":
            return str(claim_id)
        return SAMPLES.get(name, "999")

    path = re.sub(r"\{(\w+)\}", fill, pattern)
    return path.replace("/staff/admin/catalog/act", "/staff/admin/catalog/units")


async def test_each_role_opens_exactly_what_the_table_allows(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    for role in Role:
        await make_staff(sessions, f"table-{role.value}", role)
    for who in RANK:
        async with client_for(app) as client:
            if who != "anonymous":
                await sign_in(client, f"table-{who}", f"table-{who}-password-1")
            for (method, pattern), needed in ROLE_TABLE.items():
                if needed == PUBLIC or method == "WS":
                    continue
                response = await client.request(method, _path(pattern, claim.id))
                seen = (who, method, pattern, response.status_code)
                if who == "anonymous":
                    assert response.status_code in (303, 401), seen
                    if method == "GET":
                        assert response.headers["location"].startswith("/staff/login"), seen
                elif RANK[who] < RANK[needed]:
                    assert response.status_code == 403, seen
                else:
                    assert response.status_code in (200, 303, 400, 404), seen
                    assert "/staff/login" not in response.headers.get("location", ""), seen
