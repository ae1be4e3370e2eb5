"""Rows of the generated history: claims with their bookings, conversations and escalations.

Each builder turns one planned claim (`backend.stats.synthetic`) into tuples in the column
order below, with timestamps and dates formatted by the `BulkWriter` that will write them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.claims.numbering import format_claim_number
from backend.stats import synthetic as syn
from backend.stats.bulk import BulkWriter, Row

REMEDY_WEIGHTS = tuple((name, share) for name, _days, share in syn.REMEDIES)
CLAIM_COLUMNS = (
    "id number customer_id unit_id product_id serial purchase_date defect_category description"
    " requested_remedy contact_phone status priority assignee_id jurisdiction warranty_status"
    " statutory_due_on due_rule channel locale decision decision_reason rating created_at"
    " updated_at first_action_at resolved_at diagnosis"
)
# Claims still before or at the diagnosis carry no diagnosis yet.
UNDIAGNOSED = frozenset({"new", "accepted", "awaiting_item", "diagnosis", "cancelled"})
UNIT_COLUMNS = (
    "id serial product_id sold_on seller extended_warranty_months repair_days created_at updated_at"
)
BOOKING_COLUMNS = (
    "id reference claim_id kind address company_pays loaner_requested loaner_due_by status"
    " created_at"
)
CONVERSATION_COLUMNS = (
    "id channel external_id customer_id locale flow step data screen version with_staff"
    " created_at updated_at"
)
EVENT_COLUMNS = "claim_id at actor_kind actor_id actor_name action from_status to_status details"
# How a resolved claim's last step reads in its timeline, by its final status.
CLOSING_ACTIONS = {
    "closed": "close",
    "rejected": "decide",
    "cancelled": "cancel",
    "ready": "mark_ready",
}
ESCALATION_COLUMNS = (
    "id customer_id conversation_id claim_id status assignee_id created_at first_staff_reply_at"
    " closed_at"
)


@dataclass
class Ids:
    """The last ids handed out, the customer pool and the staff who act on claims."""

    claim: int
    booking: int
    conversation: int
    escalation: int
    first_customer: int
    customers: int
    staff: list[int]


@dataclass
class ClaimRows:
    """One planned claim as rows: the claim, its timeline, maybe a booking and an escalation."""

    claim: Row
    events: list[Row]
    booking: Row | None
    conversation: Row | None
    escalation: Row | None


class RowMaker:
    """Turns planned claims into rows, handing out ids in order."""

    def __init__(self, rng: random.Random, writer: BulkWriter, ids: Ids, now: datetime) -> None:
        self.rng, self.writer, self.ids, self.now = rng, writer, ids, now

    def rows(self, at: datetime, model: syn.ModelProfile, sequence: int) -> ClaimRows:
        """The claim received at `at` with the number `sequence` of its year, and its followers."""
        bad = syn.in_spike(model, at.date(), self.now.date())
        claim, life, customer = self._claim(at, model, sequence, bad)
        events = self._timeline(claim, life, customer)
        escalation = self._escalation(at, customer, bad)
        booking = self._booking(model, at, life)
        self.ids.claim += 1
        if escalation is None:
            return ClaimRows(claim, events, booking, None, None)
        return ClaimRows(claim, events, booking, *escalation)

    def _timeline(self, claim: Row, life: syn.Lifecycle, customer: int) -> list[Row]:
        """Registered; accepted by the claim's assignee; closed, decided or cancelled."""
        stamp, columns = self.writer.stamp, CLAIM_COLUMNS.split()
        value = dict(zip(columns, claim, strict=True))
        at, staff = value["created_at"], value["assignee_id"]
        details = json.dumps({"channel": value["channel"], "due_rule": value["due_rule"]})
        events: list[Row] = [
            (self.ids.claim, at, "customer", customer, "", "created", None, "new", details)
        ]
        if life.first_action_at is not None:
            accepted = (stamp(life.first_action_at), "staff", staff, "", "accept", "new")
            events.append((self.ids.claim, *accepted, "accepted", "{}"))
        closing = CLOSING_ACTIONS.get(life.status)
        if life.resolved_at is not None and closing is not None:
            decided = json.dumps({"decision": life.decision} if life.decision else {})
            resolved = (stamp(life.resolved_at), "staff", staff, "", closing, "accepted")
            events.append((self.ids.claim, *resolved, life.status, decided))
        return events

    def _claim(
        self, at: datetime, model: syn.ModelProfile, sequence: int, bad: bool
    ) -> tuple[Row, syn.Lifecycle, int]:
        rng, day, today = self.rng, self.writer.day, self.now.date()
        unit_id = syn.unit_for(rng, model, at.date(), today)
        sold_on = syn.unit_sold_on(model, unit_id, today)
        warranty = syn.warranty_status(model, sold_on, at.date())
        remedy = "paid_repair" if warranty == "expired" else syn.pick(rng, REMEDY_WEIGHTS)
        life = syn.lifecycle(rng, at, self.now, remedy, bad)
        customer = self.ids.first_customer + rng.randrange(self.ids.customers)
        category = syn.defect(rng, model, at, today)
        serial = f"{model.model_code.replace('-', '')}-H{unit_id:08d}"
        item = (unit_id, model.product_id, serial, day(sold_on), category)
        text = f"Generated history: {category.replace('_', ' ')}"
        head = (self.ids.claim, format_claim_number(at.year, sequence), customer, *item, text)
        return (*head, remedy, "+79001234567", *self._life(at, life, warranty)), life, customer

    def _life(self, at: datetime, life: syn.Lifecycle, warranty: str) -> Row:
        """The claim's columns from `status` on, as CLAIM_COLUMNS lists them."""
        stamp, rng = self.writer.stamp, self.rng
        rule = "company.paid_repair_quote" if life.remedy == "paid_repair" else f"ru.{life.remedy}"
        staff = rng.choice(self.ids.staff) if life.first_action_at and self.ids.staff else None
        priority = 1 if (life.due_on - at.date()).days <= 10 else 0
        reason = "Misuse found at diagnosis" if life.decision == "reject" else None
        where = (syn.pick(rng, syn.CHANNELS), syn.pick(rng, syn.LOCALES))
        decided = (life.decision, reason, life.rating)
        updated = life.resolved_at or life.first_action_at or at
        stamps = (stamp(at), stamp(updated), stamp(life.first_action_at), stamp(life.resolved_at))
        due = self.writer.day(life.due_on)
        head = (life.status, priority, staff, "RU", warranty, due, rule)
        return (*head, *where, *decided, *stamps, _diagnosis(life))

    def _booking(self, model: syn.ModelProfile, at: datetime, life: syn.Lifecycle) -> Row | None:
        if self.rng.random() > (0.55 if model.bulky else 0.2):
            return None
        loaner = not model.loaner_excluded and self.rng.random() < 0.3
        early = life.status in ("new", "accepted", "awaiting_item")
        status = "cancelled" if life.status == "cancelled" else "booked" if early else "collected"
        self.ids.booking += 1
        kind = "pickup" if model.bulky else "dropoff"
        loaner_due = self.writer.day(at.date() + syn.DAY * 3) if loaner else None
        reference = f"TH-{self.ids.booking:08d}"
        made = self.writer.stamp(at + timedelta(minutes=4))
        booking = (self.ids.booking, reference, self.ids.claim, kind, "", model.bulky, loaner)
        return (*booking, loaner_due, status, made)

    def _escalation(self, at: datetime, customer: int, bad: bool) -> tuple[Row, Row] | None:
        rng, stamp, now = self.rng, self.writer.stamp, self.now
        opened = at + timedelta(hours=rng.lognormvariate(1.5, 1.0))
        if rng.random() > (0.12 if bad else 0.06) or opened >= now:
            return None
        reply = opened + timedelta(minutes=rng.lognormvariate(3.2, 1.1))
        answered = reply <= now
        closed = reply + timedelta(hours=rng.lognormvariate(0.5, 0.8))
        done = answered and closed <= now
        self.ids.conversation += 1
        self.ids.escalation += 1
        chat = (self.ids.conversation, "web", f"history-{self.ids.conversation}", customer, "ru")
        state = ("menu", "start", "{}", 0, 1, False, stamp(at), stamp(opened))
        staff = rng.choice(self.ids.staff) if answered and self.ids.staff else None
        thread = (self.ids.escalation, customer, self.ids.conversation, self.ids.claim)
        times = (stamp(opened), stamp(reply if answered else None), stamp(closed if done else None))
        return (*chat, *state), (*thread, "closed" if done else "open", staff, *times)


def _diagnosis(life: syn.Lifecycle) -> str | None:
    """What the diagnosis of a generated claim found: misuse behind a rejection, otherwise a
    manufacturing defect once the claim is past the diagnosis."""
    if life.decision == "reject":
        return "misuse"
    return None if life.status in UNDIAGNOSED else "manufacturing_defect"
