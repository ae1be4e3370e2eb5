"""Check warranty: by serial number, what the customer may ask for now and why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from backend.catalog.serials import is_valid_serial, normalize_serial
from backend.catalog.service import find_unit
from backend.claims.history import unit_facts_with_history
from backend.i18n import N_
from backend.warranty import ClaimFacts, WarrantyStatus, evaluate
from backend.warranty.explain import reason_lines, verdict_lines
from backend.warranty.remaining import remaining_lines
from dialogs.context import Context
from dialogs.details import folded
from dialogs.flow import Entry, Flow, Step, register
from dialogs.flows.claim_steps import ClaimStep
from dialogs.flows.common import chosen, not_expected, please_choose, typed
from dialogs.said import Slot
from dialogs.types import Content, Reply, Say


class WarrantyStep(StrEnum):
    """The steps of checking a warranty."""

    SERIAL = "serial"
    AFTER = "after"


async def serial_prompt(ctx: Context) -> list[Reply]:
    """Ask for the serial number."""
    return [Say(ctx.t(N_("Send the serial number and I'll tell you what your warranty covers.")))]


async def serial_handle(ctx: Context, content: Content) -> list[Reply]:
    """Answer with status, end date, remedies now, transport, loaner and the rules."""
    text = typed(content)
    if text is None:
        return await not_expected(ctx)
    serial = normalize_serial(text)
    unit = await find_unit(ctx.session, serial) if is_valid_serial(serial) else None
    if unit is None:
        return [
            Say(
                ctx.t(
                    N_(
                        "I couldn't find the serial number “{serial}”. "
                        "Please check it on the label; if it's "
                        "right, register a defect and we'll check it by the model and your receipt."
                    ),
                    serial=text.strip()[:64],
                )
            ),
            *await ctx.prompt(bump=False),
        ]
    facts = await unit_facts_with_history(ctx.session, unit)
    decision = evaluate(
        facts, ClaimFacts(reported_on=ctx.today), ctx.config.jurisdiction, ctx.today
    )
    lines = [
        f"{unit.product.name} · {unit.serial}",
        *verdict_lines(decision, ctx.locale, ctx.config.currency),
    ]
    if decision.status is not WarrantyStatus.UNDER_WARRANTY:
        lines.append(
            ctx.t(N_("You can still ask for a paid repair quote: register a defect and choose it."))
        )
        lines += remaining_lines(facts, decision, ctx.today, ctx.locale, ctx.config.currency)
    ctx.data.update(serial=unit.serial, unit_id=unit.id, product_id=unit.product_id)
    answer = folded(ctx, lines, reason_lines(decision, ctx.locale, ctx.config.currency))
    return [answer, *await ctx.go(WarrantyStep.AFTER)]


async def after_prompt(ctx: Context) -> list[Reply]:
    """Offer to register a defect for this item."""
    buttons = (
        (ctx.button(ctx.t(N_("📝 Register a defect")), "claim"),),
        (ctx.button(ctx.t(N_("🏠 Main menu")), "menu"),),
    )
    return [Say(ctx.t(N_("What next?")), buttons)]


async def after_handle(ctx: Context, content: Content) -> list[Reply]:
    """Start a claim for the checked item (skipping the serial) or go to the menu."""
    value = chosen(content)
    if value == "claim":
        keep: dict[str, Any] = {
            k: ctx.data[k] for k in ("serial", "unit_id", "product_id") if k in ctx.data
        }
        await ctx.start("claim", keep=keep, render=False)
        return await ctx.go(ClaimStep.CATEGORY)
    if value == "menu":
        return await ctx.finish()
    return await please_choose(ctx)


register(
    Flow(
        "warranty",
        WarrantyStep.SERIAL,
        {
            WarrantyStep.SERIAL: Step(serial_prompt, serial_handle, takes=Slot.SERIAL),
            WarrantyStep.AFTER: Step(after_prompt, after_handle, navigation=False),
        },
        Entry(
            menu_label=N_("🛡 Check warranty"),
            commands=("warranty",),
            help_line=N_("Check warranty"),
            order=20,
        ),
    )
)
