"""Two people acting on one claim: the action taken on what someone already changed is refused."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from backend.claims.models import Claim, ClaimEvent, ClaimStatus
from backend.claims.workflow import Action, StaffAction
from backend.claims.workflow_apply import apply_action
from backend.i18n import gettext_for
from tests.support.clock import NOW
from tests.support.console import client_for, make_claim, make_staff, page_csrf, sign_in

STALE = (
    "Someone else changed this claim while you were looking at it. "
    "Here it is as it stands now; please check and try again."
)


def page_version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


async def test_the_second_agent_acting_on_the_page_they_loaded_is_refused(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    await make_staff(sessions, "anna")
    await make_staff(sessions, "boris")
    async with client_for(app) as anna, client_for(app, "127.0.0.2") as boris:
        await sign_in(anna, "anna", "anna-password-1")
        await sign_in(boris, "boris", "boris-password-1")
        anna_page = await anna.get(f"/staff/claims/{claim.id}")
        boris_page = await boris.get(f"/staff/claims/{claim.id}", headers={"Accept-Language": "ru"})
        seen = page_version(boris_page.text)
        assert page_version(anna_page.text) == seen
        accepted = await anna.post(
            f"/staff/claims/{claim.id}/action",
            data={"csrf": page_csrf(anna_page.text), "action": "accept", "version": seen},
        )
        assert "error" not in accepted.headers["location"]
        refused = await boris.post(
            f"/staff/claims/{claim.id}/action",
            data={"csrf": page_csrf(boris_page.text), "action": "request_item", "version": seen},
        )
        assert refused.headers["location"].endswith("error=stale_claim")
        shown = await boris.get(refused.headers["location"], headers={"Accept-Language": "ru"})
        assert gettext_for("ru", STALE) in shown.text and gettext_for("ru", STALE) != STALE
        assert page_version(shown.text) != seen
        again = await boris.post(
            f"/staff/claims/{claim.id}/action",
            data={
                "csrf": page_csrf(shown.text),
                "action": "request_item",
                "version": page_version(shown.text),
            },
        )
        assert "error" not in again.headers["location"]
    async with sessions() as session:
        stored = await session.get(Claim, claim.id)
        actions = list(
            await session.scalars(
                select(ClaimEvent.action)
                .where(ClaimEvent.claim_id == claim.id)
                .order_by(ClaimEvent.id)
            )
        )
    assert stored is not None and stored.status is ClaimStatus.AWAITING_ITEM
    assert actions == ["created", "accept", "request_item"]


async def test_a_change_made_from_a_stale_copy_of_the_claim_cannot_commit(console) -> None:
    _, sessions = console
    claim = await make_claim(sessions)
    anna = await make_staff(sessions, "anna")
    boris = await make_staff(sessions, "boris")
    async with sessions() as reading:  # boris's copy, read before anna acts
        theirs = await reading.get(Claim, claim.id)
        assert theirs is not None
        reading.expunge(theirs)
    async with sessions() as first:
        mine = await first.get(Claim, claim.id)
        assert mine is not None
        await apply_action(first, mine, anna, StaffAction(Action.ACCEPT), NOW)
        await first.commit()
    async with sessions() as second:
        stale = await second.merge(theirs, load=False)
        with pytest.raises(StaleDataError):
            await apply_action(second, stale, boris, StaffAction(Action.REQUEST_ITEM), NOW)
            await second.commit()
    async with sessions() as session:
        stored = await session.get(Claim, claim.id)
    assert stored is not None and stored.status is ClaimStatus.ACCEPTED and stored.version == 2
