"""The public API: warranty by serial, claims by integrations, status only for the owner."""

from __future__ import annotations

import typing

import pytest
from sqlalchemy import select

from backend.claims.labels import DEFECT_CATEGORIES
from backend.claims.models import Claim
from backend.integrations.service import revoke_key
from backend.web.api.claims import Category
from tests.support.api_keys import make_key


def test_api_categories_are_the_dialog_categories() -> None:
    assert set(typing.get_args(Category)) == set(DEFECT_CATEGORIES)


async def test_warranty_by_serial(api) -> None:
    client, _ = api
    answer = await client.get("/api/v1/warranty/wm700-0001", params={"lang": "ru"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "under_warranty" and body["warranty_end"] == "2028-11-20"
    assert {r["remedy"] for r in body["remedies"]} == {
        "repair",
        "replace",
        "refund",
        "price_reduction",
    }
    assert body["transport_free"] and any(
        "ст. 18" in rule or "art. 18" in rule for rule in body["rules"]
    )
    missing = await client.get("/api/v1/warranty/NOPE-0000")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_serial"
    bad = await client.get("/api/v1/warranty/!!")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_serial"


async def test_warranty_states_the_guarantee_price_and_company_policy(api) -> None:
    client, _ = api
    body = (await client.get("/api/v1/warranty/WM700-0002", params={"lang": "ko"})).json()
    assert body["start_proven"] and body["price"] == "43990.00"
    assert body["guarantee_end"] is None  # RU: no separate commercial guarantee
    assert not any(option["company_policy"] for option in body["remedies"])
    assert all("Law 2300-1" not in rule for rule in body["rules"])


async def test_a_claim_without_a_receipt_is_accepted_and_says_how_it_is_proven(api) -> None:
    client, sessions = api
    key = await make_key(sessions)
    body = {
        "model_code": "KT-1",
        "defect_category": "leak",
        "description": "Leaks at the base",
        "phone": "8 916 123-45-67",
        "purchase_proof": "bank_statement",
    }
    created = await client.post("/api/v1/claims", json=body, headers={"X-API-Key": key})
    assert created.status_code == 201, created.text
    async with sessions() as session:
        claim = await session.scalar(select(Claim).where(Claim.number == created.json()["number"]))
    assert claim is not None and claim.purchase_proof == "bank_statement"
    assert claim.purchase_date is None and claim.warranty_status == "under_warranty"


async def test_integration_creates_a_claim_and_the_owner_reads_it(api) -> None:
    client, sessions = api
    body = {
        "serial": "KT1-0001",
        "defect_category": "leak",
        "description": "Leaks at the base",
        "requested_remedy": "repair",
        "customer_name": "Ivan",
        "phone": "8 916 123-45-67",
        "locale": "ru",
    }
    assert (await client.post("/api/v1/claims", json=body)).status_code == 401
    key = await make_key(sessions)
    created = await client.post("/api/v1/claims", json=body, headers={"X-API-Key": key})
    assert created.status_code == 201, created.text
    claim = created.json()
    assert claim["number"].startswith("WR-2026-") and claim["statutory_due_on"] == "2027-01-11"
    assert claim["status"] == "new" and claim["status_label"] == "Получена"
    assert claim["due_rule"] == "ru.repair"
    assert claim["due_article"] == "п. 1 ст. 20 Закона РФ «О защите прав потребителей»"
    number = claim["number"]
    mine = await client.post(
        "/api/v1/claims/lookup", json={"number": number, "phone": "+7 916 123 45 67"}
    )
    assert mine.status_code == 200 and mine.json()["number"] == number
    wrong = await client.post(
        "/api/v1/claims/lookup", json={"number": number, "phone": "+79160000000"}
    )
    assert wrong.status_code == 404 and wrong.json()["code"] == "not_found"
    no_session = await client.get(f"/api/v1/claims/{number}")
    assert no_session.status_code == 404 and no_session.json()["code"] == "not_found"
    async with sessions() as session:
        await revoke_key(session, key.split("_")[1])
        await session.commit()
    assert (
        await client.post("/api/v1/claims", json=body, headers={"X-API-Key": key})
    ).status_code == 401


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"phone": "12345"}, "invalid_phone"),
        ({"serial": "UNKNOWN-1"}, "unknown_item"),
        ({"serial": None, "model_code": "NOPE", "purchase_date": "2026-01-01"}, "unknown_model"),
        ({"serial": None, "model_code": "KT-1", "purchase_date": "2027-01-01"}, "future_date"),
        ({"serial": "WM700-0003", "requested_remedy": "refund"}, "remedy_not_allowed"),
        ({"defect_category": "exploded"}, "invalid_request"),
        ({"description": ""}, "invalid_request"),
        ({"description": "x" * 5000}, "invalid_request"),
    ],
)
async def test_invalid_input_is_422_with_a_code(api, change: dict, code: str) -> None:
    client, sessions = api
    key = await make_key(sessions)
    body = {
        "serial": "KT1-0001",
        "defect_category": "leak",
        "description": "Leaks at the base",
        "phone": "+79161234567",
        **change,
    }
    answer = await client.post("/api/v1/claims", json=body, headers={"X-API-Key": key})
    assert answer.status_code == 422 and answer.json()["code"] == code, answer.text
    assert (
        await client.post(
            "/api/v1/claims",
            content=b"{not json",
            headers={"X-API-Key": key, "Content-Type": "application/json"},
        )
    ).status_code == 422


async def test_openapi_lists_the_public_api(api) -> None:
    client, _ = api
    schema = (await client.get("/openapi.json")).json()
    assert {
        "/api/v1/warranty/{serial}",
        "/api/v1/claims",
        "/api/v1/claims/lookup",
        "/api/v1/claims/{number}",
    } <= set(schema["paths"])
    assert not any(path.startswith("/staff") for path in schema["paths"])
