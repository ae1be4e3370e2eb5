"""Staff read a claim's defect category and purchase proof in their own language."""

from __future__ import annotations

from backend.claims.models import Claim
from backend.staff.models import Role
from tests.support.console import client_for, make_claim, make_staff, sign_in


async def test_the_claim_page_and_the_statistics_name_the_new_categories(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="WM700-0001")
    async with sessions() as session:
        stored = await session.get(Claim, claim.id)
        assert stored is not None
        stored.defect_category, stored.purchase_proof = "drum", "order_number"
        await session.commit()
    await make_staff(sessions, "mira", Role.MANAGER)
    async with client_for(app) as client:
        await sign_in(client, "mira", "mira-password-1")
        page = await client.get(f"/staff/claims/{claim.id}", headers={"Accept-Language": "ru"})
        stats = await client.get("/staff/stats", headers={"Accept-Language": "ko"})
    assert "Не вращается барабан" in page.text
    assert "номером заказа в магазине" in page.text
    assert stats.status_code == 200 and "드럼이 돌지 않음" in stats.text
