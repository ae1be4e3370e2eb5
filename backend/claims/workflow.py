"""What staff do with a claim: allowed transitions, the timeline, and the customer's message.

Every action is checked here, not only hidden in a page: an action that the claim's status does
not allow raises `TransitionNotAllowed`. Each action writes a timeline event with the actor and,
when the customer should know, an outbox message in the same transaction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ActorKind, Claim, ClaimEvent, ClaimStatus
from backend.claims.notify import notify_status
from backend.claims.policy import claim_decision
from backend.staff.models import StaffUser
from backend.warranty import Remedy

S = ClaimStatus


class Action(enum.StrEnum):
    """Everything staff can do to a claim."""

    ACCEPT = "accept"
    REQUEST_ITEM = "request_item"
    START_DIAGNOSIS = "start_diagnosis"
    RECORD_DIAGNOSIS = "record_diagnosis"
    SEND_TO_EXAMINATION = "send_to_examination"
    EXAMINATION_DONE = "examination_done"
    REQUEST_PARTS = "request_parts"
    PARTS_ARRIVED = "parts_arrived"
    DECIDE = "decide"
    MARK_READY = "mark_ready"
    CLOSE = "close"
    CANCEL = "cancel"


class Decision(enum.StrEnum):
    """The outcome staff decide on."""

    REPAIR = "repair"
    REPLACE = "replace"
    REFUND = "refund"
    PRICE_REDUCTION = "price_reduction"
    REJECT = "reject"


class DiagnosisResult(enum.StrEnum):
    """What the diagnosis found."""

    MANUFACTURING_DEFECT = "manufacturing_defect"
    MISUSE = "misuse"
    NO_FAULT_FOUND = "no_fault_found"


OPEN = (
    S.NEW,
    S.ACCEPTED,
    S.AWAITING_ITEM,
    S.DIAGNOSIS,
    S.EXAMINATION,
    S.WAITING_PARTS,
    S.IN_REPAIR,
    S.READY,
)
ALLOWED: dict[Action, tuple[ClaimStatus, ...]] = {
    Action.ACCEPT: (S.NEW,),
    Action.REQUEST_ITEM: (S.NEW, S.ACCEPTED),
    Action.START_DIAGNOSIS: (S.ACCEPTED, S.AWAITING_ITEM),
    Action.RECORD_DIAGNOSIS: (S.DIAGNOSIS,),
    Action.SEND_TO_EXAMINATION: (S.DIAGNOSIS,),
    Action.EXAMINATION_DONE: (S.EXAMINATION,),
    Action.REQUEST_PARTS: (S.DIAGNOSIS, S.IN_REPAIR),
    Action.PARTS_ARRIVED: (S.WAITING_PARTS,),
    Action.DECIDE: (S.DIAGNOSIS, S.EXAMINATION),
    Action.MARK_READY: (S.IN_REPAIR,),
    Action.CLOSE: (S.READY, S.REJECTED),
    Action.CANCEL: OPEN,
}
NEXT_STATUS: dict[Action, ClaimStatus | None] = {
    Action.ACCEPT: S.ACCEPTED,
    Action.REQUEST_ITEM: S.AWAITING_ITEM,
    Action.START_DIAGNOSIS: S.DIAGNOSIS,
    Action.RECORD_DIAGNOSIS: None,
    Action.SEND_TO_EXAMINATION: S.EXAMINATION,
    Action.EXAMINATION_DONE: S.DIAGNOSIS,
    Action.REQUEST_PARTS: S.WAITING_PARTS,
    Action.PARTS_ARRIVED: S.IN_REPAIR,
    Action.MARK_READY: S.READY,
    Action.CLOSE: S.CLOSED,
    Action.CANCEL: S.CANCELLED,
}
DECISION_STATUS = {
    Decision.REPAIR: S.IN_REPAIR,
    Decision.REPLACE: S.IN_REPAIR,
    Decision.REFUND: S.READY,
    Decision.PRICE_REDUCTION: S.READY,
    Decision.REJECT: S.REJECTED,
}
RESOLVED = (S.READY, S.REJECTED, S.CLOSED, S.CANCELLED)


class TransitionNotAllowed(ValueError):
    """The action does not fit the claim's status (or misses what it needs)."""


@dataclass(frozen=True)
class StaffAction:
    """One action with its inputs (only the ones it needs are read)."""

    action: Action
    notes: str = ""
    decision: Decision | None = None
    reason: str = ""
    diagnosis: DiagnosisResult | None = None
    part: str = ""
    quantity: int = 0
    details: dict[str, Any] = field(default_factory=dict)


def allowed_actions(status: ClaimStatus) -> list[Action]:
    """The actions a claim in `status` offers, in workflow order."""
    return [action for action, statuses in ALLOWED.items() if status in statuses]


def _validate(claim: Claim, request: StaffAction) -> ClaimStatus:
    if claim.status not in ALLOWED[request.action]:
        raise TransitionNotAllowed(f"{request.action.value} is not allowed in {claim.status.value}")
    if request.action is Action.DECIDE:
        if request.decision is None:
            raise TransitionNotAllowed("a decision is required")
        if request.decision is Decision.REJECT and len(request.reason.strip()) < 5:
            raise TransitionNotAllowed("a rejection needs a reason the customer can read")
        return DECISION_STATUS[request.decision]
    if request.action is Action.RECORD_DIAGNOSIS and request.diagnosis is None:
        raise TransitionNotAllowed("a diagnosis result is required")
    if request.action is Action.REQUEST_PARTS and (
        not request.part.strip() or request.quantity < 1
    ):
        raise TransitionNotAllowed("a part and a quantity of at least 1 are required")
    target = NEXT_STATUS[request.action]
    return claim.status if target is None else target


async def _recompute_due(
    session: AsyncSession, claim: Claim, request: StaffAction
) -> dict[str, Any]:
    """Where the law moves the deadline: a replacement that needs a quality check (art. 21)."""
    if request.action is not Action.SEND_TO_EXAMINATION or claim.requested_remedy != Remedy.REPLACE:
        return {}
    decision = await claim_decision(session, claim, needs_quality_check=True)
    option = decision.remedy(Remedy.REPLACE)
    if option is None or option.due_on == claim.statutory_due_on:
        return {}
    before = claim.statutory_due_on
    claim.statutory_due_on, claim.due_rule = option.due_on, option.rule.id
    return {
        "due_before": before.isoformat(),
        "due_after": option.due_on.isoformat(),
        "due_rule": option.rule.id,
    }


async def apply_action(
    session: AsyncSession, claim: Claim, staff: StaffUser, request: StaffAction, now: datetime
) -> ClaimEvent:
    """Check and apply one staff action at `now`; timeline event and customer message, no commit."""
    target = _validate(claim, request)
    before = claim.status
    details: dict[str, Any] = {**request.details, **await _recompute_due(session, claim, request)}
    for key in ("notes", "reason", "part"):
        if getattr(request, key):
            details[key] = getattr(request, key).strip()[:2000]
    if request.quantity:
        details["quantity"] = request.quantity
    if request.diagnosis is not None:
        details["diagnosis"] = request.diagnosis.value
    if request.decision is not None:
        details["decision"] = request.decision.value
        claim.decision, claim.decision_reason = (
            request.decision.value,
            request.reason.strip() or None,
        )
    claim.status = target
    claim.first_action_at, claim.updated_at = claim.first_action_at or now, now
    if target in RESOLVED and claim.resolved_at is None:
        claim.resolved_at = now
    if claim.assignee_id is None:
        claim.assignee_id = staff.id
    event = ClaimEvent(
        claim_id=claim.id,
        at=now,
        actor_kind=ActorKind.STAFF,
        actor_id=staff.id,
        actor_name=staff.display_name or staff.login,
        action=request.action.value,
        from_status=before.value,
        to_status=target.value,
        details=details,
    )
    session.add(event)
    await session.flush()
    if target is not before or request.action is Action.DECIDE:
        event.details = {**details, "outbox_ids": await notify_status(session, claim, now)}
    return event
