"""The rules of what staff may do with a claim: transitions, required inputs, button ranks.

Every action is checked here, not only hidden in a page: an action that the claim's status does
not allow, or that misses what it needs, raises `TransitionNotAllowed` with a code that each
transport turns into a message. A claim reaches repair, replacement, payment or closure only
through a decision; cancelling and rejecting need a reason the customer is told in their
language. Applying an action to the database is `backend.claims.workflow_apply`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from backend.claims.models import ClaimStatus

S = ClaimStatus


class Action(enum.StrEnum):
    """Everything staff can do to a claim."""

    ACCEPT = "accept"
    REQUEST_ITEM = "request_item"
    START_DIAGNOSIS = "start_diagnosis"
    RECORD_DIAGNOSIS = "record_diagnosis"
    SEND_TO_EXAMINATION = "send_to_examination"
    EXAMINATION_DONE = "examination_done"
    DECIDE = "decide"
    REQUEST_PARTS = "request_parts"
    PARTS_ARRIVED = "parts_arrived"
    MARK_READY = "mark_ready"
    CLOSE = "close"
    REJECT = "reject"
    CANCEL = "cancel"


class Decision(enum.StrEnum):
    """The outcome staff decide on (a rejection is its own action, with a reason)."""

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


class CancelReason(enum.StrEnum):
    """Why a claim is cancelled (the customer reads it in their language)."""

    CUSTOMER_WITHDREW = "customer_withdrew"
    DUPLICATE = "duplicate"
    ITEM_NOT_PROVIDED = "item_not_provided"
    OTHER = "other"


class RejectReason(enum.StrEnum):
    """Why a claim is rejected (the customer reads it in their language)."""

    MISUSE = "misuse"
    EXTERNAL_DAMAGE = "external_damage"
    NO_FAULT_FOUND = "no_fault_found"
    OUT_OF_WARRANTY = "out_of_warranty"
    UNAUTHORISED_REPAIR = "unauthorised_repair"
    OTHER = "other"


class Rank(enum.StrEnum):
    """How a claim page shows an action: the one main step, the others, the irreversible ones."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    DESTRUCTIVE = "destructive"


OPEN = (
    S.NEW,
    S.ACCEPTED,
    S.AWAITING_ITEM,
    S.DIAGNOSIS,
    S.EXAMINATION,
    S.WAITING_PARTS,
    S.IN_REPAIR,
    S.REPLACING,
    S.PAYING,
    S.READY,
)
ALLOWED: dict[Action, tuple[ClaimStatus, ...]] = {
    Action.ACCEPT: (S.NEW,),
    Action.REQUEST_ITEM: (S.NEW, S.ACCEPTED),
    Action.START_DIAGNOSIS: (S.ACCEPTED, S.AWAITING_ITEM),
    Action.RECORD_DIAGNOSIS: (S.DIAGNOSIS,),
    Action.SEND_TO_EXAMINATION: (S.DIAGNOSIS,),
    Action.EXAMINATION_DONE: (S.EXAMINATION,),
    Action.DECIDE: (S.DIAGNOSIS, S.EXAMINATION),
    # Parts serve a decided repair: diagnosis -> parts -> repair would skip the decision.
    Action.REQUEST_PARTS: (S.IN_REPAIR,),
    Action.PARTS_ARRIVED: (S.WAITING_PARTS,),
    Action.MARK_READY: (S.IN_REPAIR, S.REPLACING),
    Action.CLOSE: (S.READY, S.PAYING, S.REJECTED),
    Action.REJECT: (S.DIAGNOSIS, S.EXAMINATION),
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
    Action.REJECT: S.REJECTED,
    Action.CANCEL: S.CANCELLED,
}
DECISION_STATUS = {
    Decision.REPAIR: S.IN_REPAIR,
    Decision.REPLACE: S.REPLACING,
    Decision.REFUND: S.PAYING,
    Decision.PRICE_REDUCTION: S.PAYING,
}
# The decision a claim page proposes for the remedy the customer asked for.
SUGGESTED_DECISION = {
    "repair": Decision.REPAIR,
    "paid_repair": Decision.REPAIR,
    "replace": Decision.REPLACE,
    "refund": Decision.REFUND,
    "price_reduction": Decision.PRICE_REDUCTION,
}
PRIMARY_ACTION: dict[ClaimStatus, Action] = {
    S.NEW: Action.ACCEPT,
    S.ACCEPTED: Action.START_DIAGNOSIS,
    S.AWAITING_ITEM: Action.START_DIAGNOSIS,
    S.DIAGNOSIS: Action.DECIDE,
    S.EXAMINATION: Action.EXAMINATION_DONE,
    S.WAITING_PARTS: Action.PARTS_ARRIVED,
    S.IN_REPAIR: Action.MARK_READY,
    S.REPLACING: Action.MARK_READY,
    S.PAYING: Action.CLOSE,
    S.READY: Action.CLOSE,
    S.REJECTED: Action.CLOSE,
}
DESTRUCTIVE = (Action.REJECT, Action.CANCEL)
REASONS: dict[Action, type[enum.StrEnum]] = {
    Action.CANCEL: CancelReason,
    Action.REJECT: RejectReason,
}
RESOLVED = (S.READY, S.REJECTED, S.CLOSED, S.CANCELLED)
MIN_REASON_TEXT = 5


class TransitionNotAllowed(ValueError):
    """The action does not fit the claim's status, or misses what it needs; `code` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class StaffAction:
    """One action with its inputs (only the ones it needs are read)."""

    action: Action
    notes: str = ""
    decision: Decision | None = None
    reason_code: str = ""
    reason: str = ""
    diagnosis: DiagnosisResult | None = None
    part: str = ""  # another part, named in words (the catalog's parts are chosen by id)
    part_id: int | None = None
    quantity: int = 0
    failed_part_id: int | None = None  # the component a diagnosis found failed
    labour_hours: Decimal = Decimal(0)  # at diagnosis or repair
    details: dict[str, Any] = field(default_factory=dict)


def allowed_actions(status: ClaimStatus) -> list[Action]:
    """The actions a claim in `status` offers, in workflow order."""
    return [action for action, statuses in ALLOWED.items() if status in statuses]


def ranked_actions(status: ClaimStatus) -> list[tuple[Action, Rank]]:
    """The allowed actions as a page shows them: the main step, the others, then the final ones."""
    primary = PRIMARY_ACTION.get(status)

    def rank(action: Action) -> Rank:
        if action in DESTRUCTIVE:
            return Rank.DESTRUCTIVE
        return Rank.PRIMARY if action is primary else Rank.SECONDARY

    order = list(Rank)
    ranked = [(action, rank(action)) for action in allowed_actions(status)]
    return sorted(ranked, key=lambda pair: order.index(pair[1]))


def suggested_decision(requested_remedy: str) -> Decision:
    """The decision matching what the customer asked for (a repair when it names none)."""
    return SUGGESTED_DECISION.get(requested_remedy, Decision.REPAIR)


def _check_reason(request: StaffAction) -> None:
    codes = {member.value for member in REASONS[request.action]}
    if request.reason_code not in codes:
        raise TransitionNotAllowed("reason_required", "choose the reason the customer will read")
    if request.reason_code == "other" and len(request.reason.strip()) < MIN_REASON_TEXT:
        raise TransitionNotAllowed("reason_text_required", "describe the reason in a few words")


def _check_inputs(request: StaffAction) -> None:
    if request.action is Action.DECIDE:
        if request.decision is None or request.decision not in DECISION_STATUS:
            raise TransitionNotAllowed("decision_required", "choose repair, replace or payment")
    elif request.action in REASONS:
        _check_reason(request)
    elif request.action is Action.RECORD_DIAGNOSIS and request.diagnosis is None:
        raise TransitionNotAllowed("diagnosis_required", "a diagnosis result is required")
    elif request.action is Action.REQUEST_PARTS and (
        (request.part_id is None and not request.part.strip()) or request.quantity < 1
    ):
        raise TransitionNotAllowed("part_required", "a part and a quantity of at least 1")


def next_status(status: ClaimStatus, decided: str | None, request: StaffAction) -> ClaimStatus:
    """Where `request` takes a claim in `status` (with its decision so far), or raise."""
    if status not in ALLOWED[request.action]:
        raise TransitionNotAllowed(
            "not_allowed", f"{request.action.value} is not allowed in {status.value}"
        )
    _check_inputs(request)
    if request.action is Action.DECIDE:
        assert request.decision is not None
        return DECISION_STATUS[request.decision]
    needs_decision = (
        request.action in (Action.MARK_READY, Action.CLOSE) and status is not S.REJECTED
    )
    if needs_decision and decided not in {decision.value for decision in DECISION_STATUS}:
        raise TransitionNotAllowed("decision_required", "decide on the claim first")
    target = NEXT_STATUS[request.action]
    return status if target is None else target
