"""Register a defect, the purchase proof: a receipt photo, or "No receipt" and how else it is
proven (RU art. 18 p.5 ¶2: a missing receipt is no bar; a bank statement, an order number, a
witness or the warranty card prove the purchase as well)."""

from __future__ import annotations

from backend.claims.labels import PURCHASE_PROOFS
from backend.i18n import N_
from backend.warranty.explain import render_rule
from dialogs.attachments import store_media
from dialogs.context import Context
from dialogs.flow import Step
from dialogs.flows.claim_policy import decision_for
from dialogs.flows.claim_steps import ClaimStep
from dialogs.flows.common import chosen, not_expected, please_choose, typed
from dialogs.proof_words import proof_in_words
from dialogs.said import Slot
from dialogs.types import Content, Media, Reply, Request, Say

NO_RECEIPT = "receipt:none"
# The ways to prove a purchase without a receipt, as offered (codes of PURCHASE_PROOFS).
OTHER_PROOFS = {
    "bank_statement": N_("Bank or card statement"),
    "order_number": N_("Order number from the shop"),
    "warranty_card": N_("Warranty card with the shop's stamp"),
    "witness": N_("A witness of the purchase"),
    "other": N_("Something else"),
}
assert set(OTHER_PROOFS) <= set(PURCHASE_PROOFS)


async def receipt_prompt(ctx: Context) -> list[Reply]:
    """Ask for a photo of the receipt, with a way on for a customer who has none."""
    buttons = ((ctx.button(ctx.t(N_("🧾 No receipt")), NO_RECEIPT),),)
    text = ctx.t(
        N_(
            "Please send a photo of the receipt or the warranty card. No receipt? "
            "Press the button or just say so: the claim is possible without it."
        )
    )
    return [Say(text, buttons, request=Request.MEDIA)]


async def receipt_handle(ctx: Context, content: Content) -> list[Reply]:
    """Store the receipt photo (the first file if several came), or go on without a receipt."""
    if chosen(content) == NO_RECEIPT:  # the button, or words saying so (dialogs/understood.py)
        return await ctx.go(ClaimStep.PROOF)
    if not isinstance(content, Media):
        return await not_expected(ctx)
    stored = await store_media(ctx, Media(content.items[:1]), kind="receipt")
    ctx.data["receipt_id"] = stored[0]
    ctx.data.pop("purchase_proof", None)
    return [Say(ctx.t(N_("Thank you, the receipt is saved."))), *await ctx.go(ClaimStep.CATEGORY)]


async def proof_prompt(ctx: Context) -> list[Reply]:
    """Ask how the purchase can be proven without a receipt."""
    buttons = tuple(
        (ctx.button(ctx.t(label), f"proof:{code}"),) for code, label in OTHER_PROOFS.items()
    )
    text = ctx.t(N_("No receipt is fine. How else can you prove the purchase?"))
    return [Say(text, buttons)]


async def proof_handle(ctx: Context, content: Content) -> list[Reply]:
    """Record how the purchase is proven (a button, or words naming one) and say that a missing
    receipt is no bar."""
    text = typed(content)
    proof = (chosen(content) or "").removeprefix("proof:")
    if text is not None:
        proof = proof_in_words(text) or ""
    if proof not in OTHER_PROOFS:
        return await please_choose(ctx)
    ctx.data["purchase_proof"] = proof
    ctx.data.pop("receipt_id", None)
    decision = await decision_for(ctx)
    rules = [r for r in decision.fact_rules if r.id.endswith(".no_receipt")] if decision else []
    lines = [render_rule(rule, ctx.locale, ctx.config.currency) for rule in rules]
    lines.append(ctx.t(N_("Please keep that proof ready for when we look at the item.")))
    return [Say("\n".join(lines)), *await ctx.go(ClaimStep.CATEGORY)]


# "No receipt" in words is the understanding step's reading, like any other answer (typos,
# emoji, another script); the proof step reads its own words, so typed text goes to it as it
# is and the understanding step only takes short commands (back, cancel, a person) there.
STEPS = {
    ClaimStep.RECEIPT: Step(receipt_prompt, receipt_handle, takes=Slot.RECEIPT),
    ClaimStep.PROOF: Step(proof_prompt, proof_handle, takes=Slot.TEXT),
}
