"""The claim workflow's rules without a database: decisions, reasons, ranks, suggestions."""

from __future__ import annotations

import pytest

from backend.claims.models import ClaimStatus as S
from backend.claims.workflow import (
    Action,
    Decision,
    Rank,
    StaffAction,
    TransitionNotAllowed,
    next_status,
    ranked_actions,
    suggested_decision,
)


def refused(status: S, decided: str | None, request: StaffAction) -> str:
    with pytest.raises(TransitionNotAllowed) as error:
        next_status(status, decided, request)
    return error.value.code


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (Decision.REPAIR, S.IN_REPAIR),
        (Decision.REPLACE, S.REPLACING),
        (Decision.REFUND, S.PAYING),
        (Decision.PRICE_REDUCTION, S.PAYING),
    ],
)
def test_each_decision_has_its_own_status(decision: Decision, status: S) -> None:
    assert next_status(S.DIAGNOSIS, None, StaffAction(Action.DECIDE, decision=decision)) is status


def test_no_way_from_diagnosis_to_closed_without_a_decision() -> None:
    """Walk every action from diagnosis, never deciding: closed is out of reach."""
    seen, frontier = {S.DIAGNOSIS}, [S.DIAGNOSIS]
    inputs = dict(part="seal", quantity=1, diagnosis=None)
    while frontier:
        status = frontier.pop()
        for action in Action:
            if action in (Action.DECIDE, Action.REJECT, Action.CANCEL):
                continue
            try:
                target = next_status(status, None, StaffAction(action, **inputs))  # type: ignore[arg-type]
            except TransitionNotAllowed:
                continue
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert S.CLOSED not in seen and S.IN_REPAIR not in seen and S.READY not in seen


def test_a_decided_repair_goes_through_parts_to_ready_and_closed() -> None:
    assert (
        next_status(
            S.IN_REPAIR, "repair", StaffAction(Action.REQUEST_PARTS, part="seal", quantity=2)
        )
        is S.WAITING_PARTS
    )
    assert next_status(S.WAITING_PARTS, "repair", StaffAction(Action.PARTS_ARRIVED)) is S.IN_REPAIR
    assert next_status(S.IN_REPAIR, "repair", StaffAction(Action.MARK_READY)) is S.READY
    assert next_status(S.READY, "repair", StaffAction(Action.CLOSE)) is S.CLOSED
    assert refused(S.READY, None, StaffAction(Action.CLOSE)) == "decision_required"


def test_rejecting_and_cancelling_need_a_reason() -> None:
    assert refused(S.DIAGNOSIS, None, StaffAction(Action.REJECT)) == "reason_required"
    assert refused(S.DIAGNOSIS, None, StaffAction(Action.REJECT, reason_code="duplicate")) == (
        "reason_required"
    )
    assert refused(S.NEW, None, StaffAction(Action.CANCEL, reason_code="other")) == (
        "reason_text_required"
    )
    assert refused(S.NEW, None, StaffAction(Action.REJECT, reason_code="misuse")) == "not_allowed"
    assert refused(S.DIAGNOSIS, None, StaffAction(Action.DECIDE, decision=Decision.REJECT)) == (
        "decision_required"
    )
    ok = StaffAction(Action.CANCEL, reason_code="other", reason="Sent by mistake")
    assert next_status(S.NEW, None, ok) is S.CANCELLED
    assert next_status(S.DIAGNOSIS, None, StaffAction(Action.REJECT, reason_code="misuse")) is (
        S.REJECTED
    )
    assert next_status(S.REJECTED, "reject", StaffAction(Action.CLOSE)) is S.CLOSED


def test_the_main_action_comes_first_and_the_final_ones_last() -> None:
    ranked = ranked_actions(S.DIAGNOSIS)
    assert ranked[0] == (Action.DECIDE, Rank.PRIMARY)
    assert [rank for _, rank in ranked].count(Rank.PRIMARY) == 1
    assert ranked[-2:] == [(Action.REJECT, Rank.DESTRUCTIVE), (Action.CANCEL, Rank.DESTRUCTIVE)]
    assert ranked_actions(S.NEW)[0] == (Action.ACCEPT, Rank.PRIMARY)
    assert ranked_actions(S.CLOSED) == []


@pytest.mark.parametrize(
    ("remedy", "decision"),
    [
        ("replace", Decision.REPLACE),
        ("refund", Decision.REFUND),
        ("price_reduction", Decision.PRICE_REDUCTION),
        ("paid_repair", Decision.REPAIR),
        ("repair", Decision.REPAIR),
    ],
)
def test_the_decision_proposed_is_what_the_customer_asked_for(
    remedy: str, decision: Decision
) -> None:
    assert suggested_decision(remedy) is decision


def test_the_open_claims_index_covers_every_status_the_queue_asks_for() -> None:
    """A planner uses the partial index only when its condition matches the query's."""
    import importlib.util
    from pathlib import Path

    from backend.claims.models import ACTIONABLE_SQL

    versions = Path(__file__).resolve().parents[2] / "backend/db/migrations/versions"
    spec = importlib.util.spec_from_file_location("rev", versions / "0009_admin_audit_canned.py")
    assert spec is not None and spec.loader is not None
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    assert revision.OPEN_NOW == ACTIONABLE_SQL
