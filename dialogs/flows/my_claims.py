"""My claims: the customer's own claims with status, due date and timeline."""

from __future__ import annotations

from enum import StrEnum

from backend.claims.documents import claim_document, claim_pdf, store_claim_pdf
from backend.claims.labels import EVENT_NAMES, STATUS_NAMES
from backend.claims.models import ClaimStatus
from backend.claims.service import customer_claim, customer_claims
from backend.i18n import N_
from dialogs.context import Context
from dialogs.flow import Entry, Flow, Step, register
from dialogs.flows.common import chosen, please_choose
from dialogs.types import Button, Content, Reply, Say, SendDocument


class ClaimsStep(StrEnum):
    """The steps of looking at one's claims."""

    LIST = "list"
    DETAIL = "detail"


async def list_prompt(ctx: Context) -> list[Reply]:
    """One button per claim, newest first."""
    claims = await customer_claims(ctx.session, ctx.customer_id)
    if not claims:
        return [Say(ctx.t(N_("You have no claims yet.")))]
    buttons = tuple(
        (ctx.button(f"{c.number} · {ctx.t(STATUS_NAMES[c.status])}", f"claim:{c.id}"),)
        for c in claims
    )
    return [Say(ctx.t(N_("Your claims:")), buttons)]


async def list_handle(ctx: Context, content: Content) -> list[Reply]:
    """Open one of the customer's own claims."""
    value = chosen(content) or ""
    if value.startswith("claim:") and value[6:].isdigit():
        ctx.data["claim_id"] = int(value[6:])
        return await ctx.go(ClaimsStep.DETAIL)
    return await please_choose(ctx)


async def detail_prompt(ctx: Context) -> list[Reply]:
    """Status, due date and the timeline of one claim."""
    claim = await customer_claim(ctx.session, ctx.customer_id, int(ctx.data.get("claim_id", 0)))
    if claim is None:
        return [Say(ctx.t(N_("This claim was not found.")))]
    lines = [
        ctx.t(N_("Claim {number}"), number=claim.number),
        ctx.t(N_("Status: {status}"), status=ctx.t(STATUS_NAMES[claim.status])),
        ctx.t(N_("Due by: {date}"), date=ctx.date(claim.statutory_due_on)),
    ]
    if claim.decision_reason and claim.status is ClaimStatus.REJECTED:
        lines.append(ctx.t(N_("Reason: {reason}"), reason=claim.decision_reason))
    for event in claim.events:
        name = EVENT_NAMES.get(event.action)
        if name:
            lines.append(f"• {ctx.date(event.at.date())} — {ctx.t(name)}")
    buttons: tuple[tuple[Button, ...], ...] = (
        (ctx.button(ctx.t(N_("📄 Acceptance act")), "act"),),
        (ctx.button(ctx.t(N_("✉️ Send a written claim")), "written"),),
    )
    if claim.status is ClaimStatus.CLOSED and claim.rating is None:
        buttons += ((ctx.button(ctx.t(N_("⭐ Rate the service")), "rate"),),)
    return [Say("\n".join(lines), buttons)]


async def detail_handle(ctx: Context, content: Content) -> list[Reply]:
    """Rate a closed claim, or go back with the navigation buttons."""
    if chosen(content) == "rate":
        return await ctx.start("rating", keep={"claim_id": ctx.data.get("claim_id")})
    if chosen(content) == "act":
        return await send_act(ctx)
    if chosen(content) == "written":
        return await ctx.start("written", keep={"claim_id": ctx.data.get("claim_id")})
    return await please_choose(ctx)


async def send_act(ctx: Context) -> list[Reply]:
    """The claim's acceptance act as a PDF document in the customer's language."""
    claim = await customer_claim(ctx.session, ctx.customer_id, int(ctx.data.get("claim_id", 0)))
    if claim is None:
        return await ctx.start("claims")
    document = await claim_document(ctx.session, claim)
    pdf = claim_pdf(document, "act", ctx.locale, ctx.config.company_name)
    path = store_claim_pdf(pdf, ctx.config.media_dir, claim.number, "act")
    caption = ctx.t(N_("Acceptance act for claim {number}"), number=claim.number)
    return [
        SendDocument(str(path.resolve()), f"{claim.number}-act.pdf", caption),
        *await ctx.prompt(bump=False),
    ]


register(
    Flow(
        "claims",
        ClaimsStep.LIST,
        {
            ClaimsStep.LIST: Step(list_prompt, list_handle),
            ClaimsStep.DETAIL: Step(detail_prompt, detail_handle),
        },
        Entry(
            menu_label=N_("📋 My claims"),
            commands=("status", "claims"),
            help_line=N_("My claims"),
            order=30,
        ),
    )
)
