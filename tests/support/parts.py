"""Walking a claim through the console as staff do: forms with their CSRF token and version."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from backend.catalog.models import Product
from backend.db.session import SessionFactory
from backend.parts.models import Part, PartRequest
from tests.support.console import page_csrf


def page_version(html: str) -> str:
    """The claim version a claim page's forms carry."""
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


async def act(client: httpx.AsyncClient, claim_id: int, action: str, **fields: str) -> str:
    """Post one action from the claim page as it stands now; the page shown after it."""
    page = await client.get(f"/staff/claims/{claim_id}")
    form = {"csrf": page_csrf(page.text), "version": page_version(page.text), "action": action}
    answer = await client.post(f"/staff/claims/{claim_id}/action", data={**form, **fields})
    assert answer.status_code == 303, answer.text
    assert "error" not in answer.headers["location"], answer.headers["location"]
    return (await client.get(answer.headers["location"])).text


async def part_step(
    client: httpx.AsyncClient, claim_id: int, request_id: int, state: str, version: str = ""
) -> httpx.Response:
    """Press a part request's button on the claim page (with the page's version, or `version`)."""
    page = await client.get(f"/staff/claims/{claim_id}")
    form = {
        "csrf": page_csrf(page.text),
        "version": version or page_version(page.text),
        "state": state,
    }
    return await client.post(f"/staff/claims/{claim_id}/parts/{request_id}", data=form)


async def catalog_part(sessions: SessionFactory, part_number: str) -> Part:
    """A part of the demo catalog by its number."""
    async with sessions() as session:
        part = await session.scalar(select(Part).where(Part.part_number == part_number))
        assert part is not None
        return part


async def product_id(sessions: SessionFactory, model_code: str) -> int:
    """The id of a demo product model."""
    async with sessions() as session:
        found = await session.scalar(select(Product.id).where(Product.model_code == model_code))
        assert found is not None
        return found


async def part_requests(sessions: SessionFactory, claim_id: int) -> list[PartRequest]:
    """The part requests of a claim, oldest first."""
    async with sessions() as session:
        statement = select(PartRequest).where(PartRequest.claim_id == claim_id)
        return list(await session.scalars(statement.order_by(PartRequest.id)))


async def repair_to_parts(
    client: httpx.AsyncClient, claim_id: int, failed_part: int, hours: str = "1.5"
) -> None:
    """Accept, diagnose a manufacturing defect of `failed_part` with labour, decide repair."""
    await act(client, claim_id, "accept")
    await act(client, claim_id, "start_diagnosis")
    await act(
        client,
        claim_id,
        "record_diagnosis",
        diagnosis="manufacturing_defect",
        failed_part_id=str(failed_part),
        labour_hours=hours,
    )
    await act(client, claim_id, "decide", decision="repair")
