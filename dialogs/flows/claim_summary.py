"""Register a defect, part three: the summary, edits, and the claim itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.claims.labels import DEFECT_CATEGORIES, PURCHASE_PROOFS
from backend.claims.service import ClaimDraft, register_claim
from backend.customers.models import Channel
from backend.i18n import N_
from backend.notifications.service import DIRECT_REPLY_GRACE, enqueue
from backend.warranty import PolicyDecision
from backend.warranty.explain import money, remedy_label
from dialogs.context import Context
from dialogs.counts import media_count
from dialogs.flow import Step
from dialogs.flows.claim_policy import decision_for
from dialogs.flows.claim_steps import ClaimStep
from dialogs.flows.common import chosen, please_choose
from dialogs.flows.transport import start_for_claim
from dialogs.promises import resolution_promise
from dialogs.types import Content, Reply, Say
from dialogs.validation import display_phone

EDITABLE = (
    (ClaimStep.CATEGORY, N_("Problem type")),
    (ClaimStep.DESCRIPTION, N_("Description")),
    (ClaimStep.MEDIA, N_("Photos")),
    (ClaimStep.PHONE, N_("Phone")),
    (ClaimStep.REMEDY, N_("What you ask for")),
)


async def _summary_lines(ctx: Context) -> list[str]:
    product = await ctx.facts.product_name(ctx.session, int(ctx.data.get("product_id") or 0))
    lines = [
        ctx.t(N_("Please check your claim:")),
        ctx.t(N_("Item: {product}"), product=product or "?"),
        ctx.t(N_("Serial number: {serial}"), serial=ctx.data.get("serial", "")),
    ]
    if ctx.data.get("purchase_date"):
        lines.append(
            ctx.t(
                N_("Purchase date: {date}"),
                date=ctx.date(date.fromisoformat(ctx.data["purchase_date"])),
            )
        )
    proof = ctx.data.get("purchase_proof")
    if proof and not ctx.data.get("receipt_id") and proof in PURCHASE_PROOFS:
        lines.append(ctx.t(N_("Proof of purchase: {proof}"), proof=ctx.t(PURCHASE_PROOFS[proof])))
    lines += [
        ctx.t(
            N_("Problem: {category}"),
            category=ctx.t(DEFECT_CATEGORIES.get(ctx.data.get("category", ""), "?")),
        ),
        ctx.t(N_("Description: {text}"), text=ctx.data.get("description", "")),
        media_count(ctx, len(ctx.data.get("media", []))),
        ctx.t(N_("Phone: {phone}"), phone=display_phone(ctx.data.get("phone", ""))),
        ctx.t(
            N_("You ask for: {remedy}"), remedy=remedy_label(ctx.data.get("remedy", ""), ctx.locale)
        ),
    ]
    if ctx.data.get("quote"):
        amount = money(Decimal(ctx.data["quote"]), ctx.locale, ctx.config.currency)
        lines.append(ctx.t(N_("Accepted quote: {amount}"), amount=amount))
    return lines


async def summary_prompt(ctx: Context) -> list[Reply]:
    """Show everything collected with Confirm and Edit."""
    buttons = (
        (ctx.button(ctx.t(N_("✅ Confirm")), "confirm"),),
        (ctx.button(ctx.t(N_("✏️ Edit")), "edit"),),
    )
    return [Say("\n".join(await _summary_lines(ctx)), buttons)]


async def summary_handle(ctx: Context, content: Content) -> list[Reply]:
    """Confirm creates the claim; Edit lets the customer change one answer."""
    value = chosen(content)
    if value == "edit":
        return await ctx.go(ClaimStep.EDIT)
    if value == "confirm":
        return await confirm(ctx)
    return await please_choose(ctx)


async def edit_prompt(ctx: Context) -> list[Reply]:
    """Which answer to change."""
    buttons = tuple((ctx.button(ctx.t(label), f"field:{name}"),) for name, label in EDITABLE)
    return [Say(ctx.t(N_("What would you like to change?")), buttons)]


async def edit_handle(ctx: Context, content: Content) -> list[Reply]:
    """Go to the chosen step; after it the summary comes back."""
    value = (chosen(content) or "").removeprefix("field:")
    if value in dict(EDITABLE):
        return await ctx.edit(value, return_to=ClaimStep.SUMMARY)
    return await please_choose(ctx)


def _purchase_proof(ctx: Context) -> str:
    """How the purchase is proven: a receipt photo, the sales registry, or still to be shown."""
    if ctx.data.get("receipt_id"):
        return "receipt"
    if ctx.data.get("unit_id"):
        return "sales_registry"
    return str(ctx.data.get("purchase_proof") or "to_be_proven")


def _draft(ctx: Context) -> ClaimDraft:
    bought = ctx.data.get("purchase_date")
    return ClaimDraft(
        customer_id=ctx.customer_id,
        product_id=int(ctx.data["product_id"]),
        unit_id=ctx.data.get("unit_id"),
        serial=ctx.data.get("serial", ""),
        purchase_date=date.fromisoformat(bought) if bought else None,
        defect_category=ctx.data["category"],
        description=ctx.data["description"],
        requested_remedy=ctx.data["remedy"],
        contact_phone=ctx.data.get("phone", ""),
        channel=Channel(ctx.event.channel),
        locale=ctx.locale,
        purchase_proof=_purchase_proof(ctx),
        paid_repair_quote=Decimal(ctx.data["quote"]) if ctx.data.get("quote") else None,
        attachment_ids=tuple(ctx.data.get("media", []))
        + ((ctx.data["receipt_id"],) if ctx.data.get("receipt_id") else ()),
    )


def _heavy_goods_rule(decision: PolicyDecision) -> bool:
    """Tell whether free carriage comes from a weight or size rule (RU art. 18 p.7, KR policy)."""
    return "kg" in decision.transport.rule.params


def _confirmation(ctx: Context, number: str, due_on: date, decision: PolicyDecision) -> str:
    lines = [
        ctx.t(N_("Your claim {number} is registered."), number=number),
        resolution_promise(ctx, str(ctx.data.get("remedy", "")), due_on, decision),
    ]
    if decision.transport.company_pays and not _heavy_goods_rule(decision):
        lines.append(  # EU: bringing goods into conformity is free whatever they weigh
            ctx.t(N_("Carriage to the workshop and back is free for you. Book a pickup below."))
        )
    elif decision.transport.company_pays:
        lines.append(
            ctx.t(
                N_(
                    "The item is large or heavy, so we carry it to the "
                    "workshop and back at our cost. "
                    "Book a pickup with the button below."
                )
            )
        )
    else:
        lines.append(
            ctx.t(
                N_(
                    "Next step: bring the item to one of our service "
                    "points, or book transport below."
                )
            )
        )
    return "\n".join(lines)


async def confirm(ctx: Context) -> list[Reply]:
    """Create the claim and its confirmation message in the same transaction."""
    decision = await decision_for(ctx)  # the facts the summary showed (`FactsCache.ttl`)
    if decision is None:
        return await ctx.start("claim")
    claim = await register_claim(ctx.session, _draft(ctx), decision, ctx.now)
    text = _confirmation(ctx, claim.number, claim.due_on, decision)
    await ctx.start("claim", keep={"claim_id": claim.id, "number": claim.number}, render=False)
    await ctx.go(ClaimStep.DONE, render=False)
    buttons = (
        (ctx.button(ctx.t(N_("🚚 Book transport")), "transport"),),
        (ctx.button(ctx.t(N_("🏠 Main menu")), "menu"),),
    )
    if ctx.replies_queued:  # the reply is itself an outbox row of this transaction
        return [Say(text, buttons, kind="claim_created", claim_id=claim.id)]
    (outbox_id,) = await enqueue(
        ctx.session,
        ctx.customer_id,
        now=ctx.now,
        kind="claim_created",
        text=text,
        claim_id=claim.id,
        channel=Channel(ctx.event.channel),
        recipient=ctx.event.user_id,
        delay=DIRECT_REPLY_GRACE,
    )
    return [Say(text, buttons, outbox_id=outbox_id)]


async def done_prompt(ctx: Context) -> list[Reply]:
    """After a claim: transport or the menu."""
    buttons = (
        (ctx.button(ctx.t(N_("🚚 Book transport")), "transport"),),
        (ctx.button(ctx.t(N_("🏠 Main menu")), "menu"),),
    )
    return [
        Say(
            ctx.t(N_("Your claim {number} is registered."), number=ctx.data.get("number", "")),
            buttons,
        )
    ]


async def done_handle(ctx: Context, content: Content) -> list[Reply]:
    """Go on to transport for this claim, or back to the menu."""
    value = chosen(content)
    if value == "transport":
        return await start_for_claim(ctx, int(ctx.data.get("claim_id") or 0))
    if value == "menu":
        return await ctx.finish()
    return await please_choose(ctx)


STEPS = {
    ClaimStep.SUMMARY: Step(summary_prompt, summary_handle),
    ClaimStep.EDIT: Step(edit_prompt, edit_handle),
    ClaimStep.DONE: Step(done_prompt, done_handle, navigation=False),
}
