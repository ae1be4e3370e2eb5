"""Book transport: pickup (address, day, window) or drop-off, and a loaner where it is due."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from backend.claims.models import Claim
from backend.i18n import N_
from backend.transport.models import BookingKind, DropoffPoint, PickupSlot
from backend.transport.service import (
    BookingRequest,
    SlotTaken,
    active_booking,
    book,
    bookable_claims,
    dropoff_points,
    free_days,
    free_slots,
)
from backend.warranty.explain import local_day
from dialogs.booking_next import booked_replies
from dialogs.context import Context
from dialogs.flow import Entry, Flow, Step, register
from dialogs.flows.claim_policy import decision_for
from dialogs.flows.common import chosen, not_expected, please_choose, typed
from dialogs.flows.transport_confirm import confirm_prompt, loaner_prompt
from dialogs.said import Slot
from dialogs.types import Choice, Content, Location, Reply, Say
from dialogs.understanding.dates import offered_day
from dialogs.understanding.times import offered_window
from dialogs.validation import InvalidInput, clean_text


class TransportStep(StrEnum):
    """The steps of booking transport."""

    CLAIM = "claim"
    METHOD = "method"
    ADDRESS = "address"
    DAY = "day"
    WINDOW = "window"
    POINT = "point"
    LOANER = "loaner"
    CONFIRM = "confirm"


async def _load_claim(ctx: Context, claim_id: int) -> Claim | None:
    claim = await ctx.session.get(Claim, claim_id)
    if claim is None or claim.customer_id != ctx.customer_id:
        return None
    ctx.data.update(
        claim_id=claim.id,
        number=claim.number,
        unit_id=claim.unit_id,
        product_id=claim.product_id,
        purchase_date=claim.purchase_date.isoformat() if claim.purchase_date else None,
        requested_remedy=claim.requested_remedy,
    )
    decision = await decision_for(ctx)
    ctx.data["company_pays"] = bool(decision and decision.transport.company_pays)
    ctx.data["loaner_due"] = bool(decision and decision.loaner.due)
    due_by = decision.loaner.due_by if decision else None
    ctx.data["loaner_due_by"] = due_by.isoformat() if due_by else None
    ctx.data["loaner_company"] = bool(decision and decision.loaner.rule.company_policy)
    ctx.data["loaner_rule"] = decision.loaner.rule.id if decision else ""
    return claim


async def start_for_claim(ctx: Context, claim_id: int) -> list[Reply]:
    """Begin the flow for a known claim, straight at the method question."""
    await ctx.start("transport", render=False)
    claim = await _load_claim(ctx, claim_id)
    if claim is None or await active_booking(ctx.session, claim.id) is not None:
        return await ctx.prompt()
    return await ctx.go(TransportStep.METHOD)


async def claim_prompt(ctx: Context) -> list[Reply]:
    """Which claim the transport is for."""
    claims = await bookable_claims(ctx.session, ctx.customer_id)
    if not claims:
        return [
            Say(
                ctx.t(N_("You have no open claims waiting for transport. Register a defect first."))
            )
        ]
    buttons = tuple((ctx.button(c.number, f"claim:{c.id}"),) for c in claims)
    return [Say(ctx.t(N_("Which claim is the transport for?")), buttons)]


async def claim_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take one of the customer's bookable claims."""
    value = chosen(content) or ""
    if value.startswith("claim:") and value[6:].isdigit():
        claim = await _load_claim(ctx, int(value[6:]))
        if claim is not None:
            booking = await active_booking(ctx.session, claim.id)
            if booking is not None:
                return [
                    Say(
                        ctx.t(
                            N_("Claim {number} already has transport booked: {reference}."),
                            number=claim.number,
                            reference=booking.reference,
                        )
                    ),
                    *await ctx.prompt(bump=False),
                ]
            return await ctx.go(TransportStep.METHOD)
    return await please_choose(ctx)


async def method_prompt(ctx: Context) -> list[Reply]:
    """Courier pickup or drop-off at a service point."""
    note = (
        ctx.t(N_("Transport is free for you."))
        if ctx.data.get("company_pays")
        else ctx.t(N_("Courier pickup is paid by you under the warranty terms; drop-off is free."))
    )
    buttons = (
        (ctx.button(ctx.t(N_("🚚 Courier pickup")), "pickup"),),
        (ctx.button(ctx.t(N_("🏢 I'll bring it to a service point")), "dropoff"),),
    )
    return [Say(ctx.t(N_("How should the item get to our workshop?")) + "\n" + note, buttons)]


async def method_handle(ctx: Context, content: Content) -> list[Reply]:
    """Pickup asks for the address; drop-off for the point."""
    value = chosen(content)
    if value in ("pickup", "dropoff"):
        ctx.data["method"] = value
        return await ctx.go(TransportStep.ADDRESS if value == "pickup" else TransportStep.POINT)
    return await please_choose(ctx)


async def address_prompt(ctx: Context) -> list[Reply]:
    """Ask for the pickup address."""
    return [Say(ctx.t(N_("Send the pickup address: city, street, house, flat.")))]


async def address_handle(ctx: Context, content: Content) -> list[Reply]:
    """Accept a typed address or a shared location."""
    if isinstance(content, Location):
        ctx.data["address"] = f"{content.latitude:.5f}, {content.longitude:.5f}"
        return await ctx.go(TransportStep.DAY)
    text = typed(content)
    if text is None:
        return await not_expected(ctx)
    try:
        ctx.data["address"] = clean_text(text, minimum=5, maximum=300)
    except InvalidInput as error:
        return [Say(ctx.t(error.message, **error.params)), *await ctx.prompt(bump=False)]
    return await ctx.go(TransportStep.DAY)


async def day_prompt(ctx: Context) -> list[Reply]:
    """Days that still have a free pickup window."""
    days = await free_days(ctx.session, ctx.today)
    if not days:
        return [
            Say(
                ctx.t(
                    N_(
                        "All pickup slots for the next two weeks are "
                        "taken. Please bring the item to a "
                        "service point or try again tomorrow."
                    )
                )
            )
        ]
    buttons = tuple((ctx.button(local_day(d, ctx.locale), f"day:{d.isoformat()}"),) for d in days)
    return [Say(ctx.t(N_("Which day suits you?")), buttons)]


async def day_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take a day that is still offered: pressed, or named in words ("в пятницу", "tomorrow",
    "12월 11일")."""
    text = typed(content)
    if text is not None:
        found = offered_day(text, await free_days(ctx.session, ctx.today), ctx.today)
        if found is None:
            return await please_choose(ctx)
        content = Choice(f"day:{found.isoformat()}")
    value = (chosen(content) or "").removeprefix("day:")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return await please_choose(ctx)
    ctx.data["day"] = day.isoformat()
    return await ctx.go(TransportStep.WINDOW)


async def window_prompt(ctx: Context) -> list[Reply]:
    """The free windows of the chosen day."""
    slots = await free_slots(ctx.session, date.fromisoformat(ctx.data["day"]))
    if not slots:
        return [Say(ctx.t(N_("That day is fully booked now. Please go back and pick another.")))]
    buttons = tuple((ctx.button(s.window, f"slot:{s.id}"),) for s in slots)
    return [Say(ctx.t(N_("Which time window?")), buttons)]


async def window_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take a window of the chosen day: pressed, or named by a time ("утром", "at 3 pm",
    "오후 2시")."""
    text = typed(content)
    if text is not None:
        slots = await free_slots(ctx.session, date.fromisoformat(ctx.data["day"]))
        index = offered_window(text, [s.window for s in slots])
        if index is None:
            return await please_choose(ctx)
        content = Choice(f"slot:{slots[index].id}")
    value = (chosen(content) or "").removeprefix("slot:")
    slot = await ctx.session.get(PickupSlot, int(value)) if value.isdigit() else None
    if slot is None or slot.day.isoformat() != ctx.data.get("day"):
        return await please_choose(ctx)
    ctx.data.update(slot_id=slot.id, window=slot.window)
    return await ctx.go(_after_place(ctx))


async def point_prompt(ctx: Context) -> list[Reply]:
    """The active drop-off points."""
    points = await dropoff_points(ctx.session)
    buttons = tuple((ctx.button(f"{p.name} — {p.address}", f"point:{p.id}"),) for p in points)
    return [Say(ctx.t(N_("Where will you bring it?")), buttons)]


async def point_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take a drop-off point."""
    value = (chosen(content) or "").removeprefix("point:")
    point = await ctx.session.get(DropoffPoint, int(value)) if value.isdigit() else None
    if point is None or not point.active:
        return await please_choose(ctx)
    ctx.data.update(point_id=point.id, point=f"{point.name}, {point.address} ({point.hours})")
    return await ctx.go(_after_place(ctx))


def _after_place(ctx: Context) -> TransportStep:
    """After the window or the point: the loaner question where one is due, else the summary."""
    return TransportStep.LOANER if ctx.data.get("loaner_due") else TransportStep.CONFIRM


async def loaner_handle(ctx: Context, content: Content) -> list[Reply]:
    """Whether the customer wants a loaner unit during the repair."""
    value = chosen(content)
    if value in ("loaner:yes", "loaner:no"):
        ctx.data["loaner"] = value == "loaner:yes"
        return await ctx.go(TransportStep.CONFIRM)
    return await please_choose(ctx)


async def confirm_handle(ctx: Context, content: Content) -> list[Reply]:
    """Book it; a slot taken meanwhile sends the customer back to pick another day."""
    if chosen(content) != "book":
        return await please_choose(ctx)
    pickup = ctx.data.get("method") == "pickup"
    loaner = bool(ctx.data.get("loaner"))
    request = BookingRequest(
        claim_id=int(ctx.data["claim_id"]),
        kind=BookingKind.PICKUP if pickup else BookingKind.DROPOFF,
        slot_id=ctx.data.get("slot_id") if pickup else None,
        dropoff_point_id=None if pickup else ctx.data.get("point_id"),
        address=ctx.data.get("address", "") if pickup else "",
        company_pays=bool(ctx.data.get("company_pays")),
        loaner_requested=loaner,
        loaner_due_by=date.fromisoformat(ctx.data["loaner_due_by"])
        if loaner and ctx.data.get("loaner_due_by")
        else None,
        loaner_rule=str(ctx.data.get("loaner_rule", "")),
    )
    try:
        async with ctx.session.begin_nested():
            booking = await book(ctx.session, request, ctx.customer_id, ctx.now)
    except SlotTaken:
        return [
            Say(ctx.t(N_("Sorry, that time was just taken. Here are the free days now:"))),
            *await ctx.back_to(TransportStep.DAY),
        ]
    return [*booked_replies(ctx, booking.reference), *await ctx.finish()]


register(
    Flow(
        "transport",
        TransportStep.CLAIM,
        {
            TransportStep.CLAIM: Step(claim_prompt, claim_handle),
            TransportStep.METHOD: Step(method_prompt, method_handle),
            TransportStep.ADDRESS: Step(address_prompt, address_handle, takes=Slot.TEXT),
            TransportStep.DAY: Step(day_prompt, day_handle),
            TransportStep.WINDOW: Step(window_prompt, window_handle),
            TransportStep.POINT: Step(point_prompt, point_handle),
            TransportStep.LOANER: Step(loaner_prompt, loaner_handle),
            TransportStep.CONFIRM: Step(confirm_prompt, confirm_handle),
        },
        Entry(
            menu_label=N_("🚚 Book transport"),
            commands=("transport",),
            help_line=N_("Book transport"),
            order=40,
        ),
    )
)
