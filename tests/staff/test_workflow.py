"""The claim workflow as staff drive it: transitions, timeline, notifications, deadlines."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from backend.claims.labels import REASON_NAMES
from backend.claims.models import Claim, ClaimEvent, ClaimStatus
from backend.claims.queue import take_next
from backend.claims.workflow import (
    Action,
    Decision,
    DiagnosisResult,
    StaffAction,
    TransitionNotAllowed,
)
from backend.claims.workflow_apply import apply_action
from backend.db.session import SessionFactory
from backend.i18n import gettext_for
from backend.notifications.models import OutboxMessage
from backend.staff.models import Role
from tests.support.clock import NOW, days
from tests.support.console import make_claim, make_staff


async def act(
    sessions: SessionFactory, claim_id: int, staff_login: str, request: StaffAction
) -> Claim:
    async with sessions() as session:
        claim = await session.get(Claim, claim_id)
        from backend.staff.service import find_staff

        staff = await find_staff(session, staff_login)
        assert claim is not None and staff is not None
        await apply_action(session, claim, staff, request, NOW)
        await session.commit()
        return claim


async def test_take_diagnose_repair_ready_close(staff_db: SessionFactory) -> None:
    claim = await make_claim(staff_db, locale="ru")
    agent = await make_staff(staff_db, "anna")
    async with staff_db() as session:
        taken = await take_next(session, agent, NOW)
    assert taken is not None and taken.id == claim.id and taken.status is ClaimStatus.ACCEPTED
    steps = [
        StaffAction(Action.START_DIAGNOSIS),
        StaffAction(
            Action.RECORD_DIAGNOSIS,
            diagnosis=DiagnosisResult.MANUFACTURING_DEFECT,
            notes="Cracked pump seal",
        ),
    ]
    for step in steps:
        await act(staff_db, claim.id, "anna", step)
    parts = StaffAction(Action.REQUEST_PARTS, part="Pump seal PS-12", quantity=2)
    for skipping_the_decision in (parts, StaffAction(Action.MARK_READY), StaffAction(Action.CLOSE)):
        with pytest.raises(TransitionNotAllowed):
            await act(staff_db, claim.id, "anna", skipping_the_decision)
    for step in (
        StaffAction(Action.DECIDE, decision=Decision.REPAIR),
        parts,
        StaffAction(Action.PARTS_ARRIVED),
    ):
        await act(staff_db, claim.id, "anna", step)
    with pytest.raises(TransitionNotAllowed):
        await act(staff_db, claim.id, "anna", StaffAction(Action.CLOSE))
    await act(staff_db, claim.id, "anna", StaffAction(Action.MARK_READY))
    done = await act(staff_db, claim.id, "anna", StaffAction(Action.CLOSE))
    assert done.status is ClaimStatus.CLOSED and done.resolved_at is not None
    assert done.diagnosis == "manufacturing_defect"  # what the defect warnings count
    async with staff_db() as session:
        events = list(
            await session.scalars(
                select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)
            )
        )
        outbox = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [e.action for e in events] == [
        "created",
        "taken",
        "start_diagnosis",
        "record_diagnosis",
        "decide",
        "request_parts",
        "parts_arrived",
        "mark_ready",
        "close",
    ]
    assert all(e.actor_name == "anna" for e in events[1:])
    assert events[5].details["part"] == "Pump seal PS-12" and events[5].details["quantity"] == 2
    assert all(m.channel.value == "telegram" for m in outbox)
    assert outbox[0].text.startswith(f"Заявка {claim.number}: Принята")
    assert outbox[-1].payload["buttons"][0][0]["payload"] == f"g.rate.{claim.id}.5"


async def test_rejection_needs_a_reason_the_customer_reads_in_their_language(
    staff_db: SessionFactory,
) -> None:
    claim = await make_claim(staff_db, locale="ko")
    await make_staff(staff_db, "boris")
    await act(staff_db, claim.id, "boris", StaffAction(Action.ACCEPT))
    await act(staff_db, claim.id, "boris", StaffAction(Action.START_DIAGNOSIS))
    for missing in (
        StaffAction(Action.REJECT),
        StaffAction(Action.REJECT, reason_code="other"),
        StaffAction(Action.DECIDE, decision=Decision.REJECT, reason_code="misuse"),
    ):
        with pytest.raises(TransitionNotAllowed):
            await act(staff_db, claim.id, "boris", missing)
    rejected = await act(
        staff_db,
        claim.id,
        "boris",
        StaffAction(Action.REJECT, reason_code="misuse", reason="Hose broken"),
    )
    assert rejected.status is ClaimStatus.REJECTED and rejected.decision == "reject"
    misuse = gettext_for("ko", REASON_NAMES["misuse"])
    assert misuse != REASON_NAMES["misuse"]
    assert rejected.decision_reason == f"{misuse}. Hose broken"
    async with staff_db() as session:
        last = await session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    assert last is not None and last.text.endswith(f"{misuse}. Hose broken")
    assert last.text.startswith(f"접수 {claim.number}")


async def test_cancelling_tells_the_customer_why(staff_db: SessionFactory) -> None:
    claim = await make_claim(staff_db, locale="ru")
    await make_staff(staff_db, "gleb")
    with pytest.raises(TransitionNotAllowed) as refused:
        await act(staff_db, claim.id, "gleb", StaffAction(Action.CANCEL))
    assert refused.value.code == "reason_required"
    cancelled = await act(
        staff_db, claim.id, "gleb", StaffAction(Action.CANCEL, reason_code="customer_withdrew")
    )
    assert cancelled.status is ClaimStatus.CANCELLED
    async with staff_db() as session:
        last = await session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        event = await session.scalar(select(ClaimEvent).order_by(ClaimEvent.id.desc()))
    assert last is not None and last.text.endswith(
        gettext_for("ru", REASON_NAMES["customer_withdrew"])
    )
    assert event is not None and event.details["reason_code"] == "customer_withdrew"


async def test_a_replacement_is_not_a_repair(staff_db: SessionFactory) -> None:
    claim = await make_claim(staff_db, serial="WM700-0001", remedy="replace")
    await make_staff(staff_db, "dina")
    for step in (
        StaffAction(Action.ACCEPT),
        StaffAction(Action.START_DIAGNOSIS),
        StaffAction(Action.DECIDE, decision=Decision.REPLACE),
    ):
        claim = await act(staff_db, claim.id, "dina", step)
    assert claim.status is ClaimStatus.REPLACING
    with pytest.raises(TransitionNotAllowed):
        await act(
            staff_db, claim.id, "dina", StaffAction(Action.REQUEST_PARTS, part="x", quantity=1)
        )
    async with staff_db() as session:
        last = await session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    assert last is not None and "Replacement under way" in last.text
    assert "We will replace your item." in last.text and "repair" not in last.text
    ready = await act(staff_db, claim.id, "dina", StaffAction(Action.MARK_READY))
    assert ready.status is ClaimStatus.READY


async def test_examination_of_a_replacement_moves_the_deadline_to_20_days(
    staff_db: SessionFactory,
) -> None:
    claim = await make_claim(staff_db, serial="WM700-0001", remedy="replace")
    assert claim.statutory_due_on == days(7)
    await make_staff(staff_db, "vera")
    for action in (Action.ACCEPT, Action.START_DIAGNOSIS, Action.SEND_TO_EXAMINATION):
        claim = await act(staff_db, claim.id, "vera", StaffAction(action))
    assert claim.statutory_due_on == days(20)  # art. 21 p.1
    assert claim.due_rule == "ru.replace_check"


async def test_twenty_staff_pressing_take_next_never_share_a_claim(
    staff_db: SessionFactory,
) -> None:
    for n in range(30):
        await make_claim(staff_db, user=f"c{n}")
    staff = [await make_staff(staff_db, f"agent{n}", Role.AGENT) for n in range(20)]

    async def worker(member) -> list[int]:
        taken = []
        while True:
            async with staff_db() as session:
                claim = await take_next(session, member, NOW)
            if claim is None:
                return taken
            taken.append(claim.id)

    results = await asyncio.gather(*(worker(member) for member in staff))
    all_taken = [claim_id for result in results for claim_id in result]
    assert len(all_taken) == len(set(all_taken)) == 30
    async with staff_db() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(Claim).where(Claim.status == ClaimStatus.NEW)
            )
            == 0
        )


async def test_take_next_at_scale(staff_db: SessionFactory) -> None:
    """20 workers take 1,000 claims on PostgreSQL (SKIP LOCKED), 200 on SQLite: no doubles."""
    from tests.support.console import bulk_claims

    async with staff_db() as session:
        count = 1000 if session.get_bind().dialect.name == "postgresql" else 200
    await bulk_claims(staff_db, count)
    staff = [await make_staff(staff_db, f"w{n}") for n in range(20)]

    async def worker(member) -> list[int]:
        taken = []
        while (claim := await _take(staff_db, member)) is not None:
            taken.append(claim)
        return taken

    results = await asyncio.gather(*(worker(member) for member in staff))
    taken = [claim_id for result in results for claim_id in result]
    assert len(taken) == len(set(taken)) == count
    assert all(result for result in results), "every worker got work"


async def _take(sessions: SessionFactory, member) -> int | None:
    async with sessions() as session:
        claim = await take_next(session, member, NOW)
        return claim.id if claim else None
