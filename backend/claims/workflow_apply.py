"""Applying a staff action to a stored claim: status, timeline event, the customer's message.

The rules come from `backend.claims.workflow`; this module writes what they allow in the
caller's transaction (no commit): the claim's new status and decision, a timeline event with the
actor, and, when the customer should know, an outbox message in their language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import ActorKind, Claim, ClaimEvent
from backend.claims.notify import customer_reason, notify_status
from backend.claims.policy import claim_decision
from backend.claims.workflow import REASONS, RESOLVED, Action, StaffAction, next_status
from backend.parts.service import record_for_action
from backend.staff.models import StaffUser
from backend.warranty import Remedy


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


def _details(request: StaffAction) -> dict[str, Any]:
    """What the timeline keeps of the request's inputs."""
    details: dict[str, Any] = dict(request.details)
    for key in ("notes", "reason", "part", "reason_code"):
        if getattr(request, key):
            details[key] = getattr(request, key).strip()[:2000]
    if request.quantity:
        details["quantity"] = request.quantity
    if request.diagnosis is not None:
        details["diagnosis"] = request.diagnosis.value
    if request.decision is not None:
        details["decision"] = request.decision.value
    return details


async def _record_outcome(session: AsyncSession, claim: Claim, request: StaffAction) -> None:
    """The decision, or the reason the customer reads in their language, on the claim."""
    if request.action is Action.DECIDE and request.decision is not None:
        claim.decision, claim.decision_reason = (
            request.decision.value,
            request.reason.strip() or None,
        )
    elif request.action in REASONS:
        if request.action is Action.REJECT:
            claim.decision = "reject"
        claim.decision_reason = await customer_reason(
            session, claim, request.reason_code, request.reason
        )


async def apply_action(
    session: AsyncSession, claim: Claim, staff: StaffUser, request: StaffAction, now: datetime
) -> ClaimEvent:
    """Check and apply one staff action at `now`; timeline event and customer message, no commit."""
    target = next_status(claim.status, claim.decision, request)
    before = claim.status
    details = {
        **_details(request),
        **await record_for_action(session, claim, request, staff, now),
        **await _recompute_due(session, claim, request),
    }
    await _record_outcome(session, claim, request)
    if request.diagnosis is not None:  # the cause counted by the defect warnings
        claim.diagnosis = request.diagnosis.value
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
    if target is not before:
        event.details = {**details, "outbox_ids": await notify_status(session, claim, now)}
    return event
