"""Register a defect, part two: what is wrong, photos, phone and the remedy asked for."""

from __future__ import annotations

from backend.catalog.defects import defect_categories_for
from backend.claims.labels import DEFECT_CATEGORIES
from backend.claims.service import PAID_REPAIR, allowed_remedies
from backend.customers.service import known_phone
from backend.i18n import N_
from backend.warranty import WarrantyStatus
from backend.warranty.after_warranty import paid_repair_quote
from backend.warranty.explain import choice_notes, money, remedy_label, remedy_line, render_rule
from dialogs.attachments import store_media
from dialogs.config import LOCALE_PHONE_REGIONS
from dialogs.context import RETURN_TO, Context
from dialogs.details import folded
from dialogs.flow import Step
from dialogs.flows.claim_policy import decision_for, item_facts
from dialogs.flows.claim_steps import ClaimStep
from dialogs.flows.common import chosen, not_expected, please_choose, rows, typed
from dialogs.said import CHOICES, Slot
from dialogs.types import Contact, Content, Media, Reply, Request, Say
from dialogs.validation import InvalidInput, clean_text, display_phone, normalize_phone

MAX_FILES = 10


async def offered_categories(ctx: Context) -> tuple[str, ...]:
    """The defect categories that fit the item's product category ("other" always among them)."""
    facts = await item_facts(ctx)
    return defect_categories_for(facts.product.category if facts is not None else None)


async def category_prompt(ctx: Context) -> list[Reply]:
    """Ask what kind of problem it is, offering the categories of this kind of product."""
    buttons = [
        ctx.button(ctx.t(DEFECT_CATEGORIES[code]), f"cat:{code}")
        for code in await offered_categories(ctx)
    ]
    return [Say(ctx.t(N_("What is wrong with it?")), rows(buttons, 2))]


async def category_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take one of the defect categories offered for this item (of the candidates a sentence
    named, likeliest first, the first this item has)."""
    value = chosen(content) or ""
    offered = await offered_categories(ctx)
    if value.startswith("cat:"):
        for code in value.removeprefix("cat:").split(CHOICES):
            if code in offered:
                ctx.data["category"] = code
                return await ctx.go(ClaimStep.DESCRIPTION)
    return await please_choose(ctx)


async def description_prompt(ctx: Context) -> list[Reply]:
    """Ask for the description of the defect."""
    return [
        Say(ctx.t(N_("Please describe the problem in a few words: what happens and since when.")))
    ]


async def description_handle(ctx: Context, content: Content) -> list[Reply]:
    """Accept 5 to 2000 characters of description; a photo's caption counts, with the photo."""
    media = content if isinstance(content, Media) and content.caption.strip() else None
    text = media.caption if media else typed(content)
    if text is None:
        return await not_expected(ctx)
    try:
        ctx.data["description"] = clean_text(text, minimum=5, maximum=ctx.config.max_text_length)
    except InvalidInput as error:
        return [Say(ctx.t(error.message, **error.params)), *await ctx.prompt(bump=False)]
    replies = await ctx.go(ClaimStep.MEDIA)
    if media is not None and ctx.step == ClaimStep.MEDIA:  # the files answer the next step at once
        return await media_handle(ctx, Media(media.items))
    return replies


def _media_buttons(ctx: Context) -> tuple[tuple[object, ...], ...]:
    if ctx.data.get("media"):
        return ((ctx.button(ctx.t(N_("✅ Done")), "media:done"),),)
    return ((ctx.button(ctx.t(N_("Skip")), "media:skip"),),)


async def media_prompt(ctx: Context) -> list[Reply]:
    """Ask for photos or a video of the defect."""
    text = ctx.t(
        N_(
            "Send photos or a short video of the defect; several are welcome. "
            "Press Done when finished, or Skip."
        )
    )
    return [Say(text, _media_buttons(ctx), request=Request.MEDIA)]  # type: ignore[arg-type]


async def media_handle(ctx: Context, content: Content) -> list[Reply]:
    """Collect files until Done; Skip goes on without any."""
    value = chosen(content)
    if value in ("media:done", "media:skip"):
        return await ctx.go(ClaimStep.PHONE)
    if not isinstance(content, Media):
        return await not_expected(ctx)
    have = list(ctx.data.get("media", []))
    room = MAX_FILES - len(have)
    if room <= 0:
        return [
            Say(ctx.t(N_("That's enough files, thank you. Press Done."))),
            *await ctx.prompt(bump=False),
        ]
    have += await store_media(ctx, Media(content.items[:room]), kind="defect")
    ctx.data["media"] = have
    text = ctx.tn("Got it: {n} file.", "Got it: {n} files.", len(have))
    hint = ctx.t(N_("Send more or press Done."))
    return [Say(f"{text} {hint}", _media_buttons(ctx), request=Request.MEDIA)]  # type: ignore[arg-type]


async def phone_prompt(ctx: Context) -> list[Reply]:
    """Ask for a contact phone number, offering the one we know."""
    buttons: tuple[tuple[object, ...], ...] = ()
    known = await known_phone(ctx.session, ctx.customer_id)
    if known:
        use = ctx.t(N_("Use {phone}"), phone=display_phone(known))
        buttons = ((ctx.button(use, "phone:known"),),)
    text = ctx.t(
        N_("Which phone number can we call you on? Share your contact or type the number.")
        if ctx.channel.share_contact
        else N_("Which phone number can we call you on? Type the number.")
    )
    return [Say(text, buttons, request=Request.PHONE)]  # type: ignore[arg-type]


async def phone_handle(ctx: Context, content: Content) -> list[Reply]:
    """Accept a shared contact or a typed number, normalised to E.164."""
    if chosen(content) == "phone:known":
        known = await known_phone(ctx.session, ctx.customer_id)
        if known:
            ctx.data["phone"] = known
            return await ctx.go(ClaimStep.REMEDY)
    raw = content.phone if isinstance(content, Contact) else typed(content)
    if raw is None:
        return await not_expected(ctx)
    try:
        ctx.data["phone"] = _phone(raw, ctx.config.phone_region, ctx.locale)
    except InvalidInput as error:
        return [Say(ctx.t(error.message, **error.params)), *await ctx.prompt(bump=False)]
    return await ctx.go(ClaimStep.REMEDY)


def _phone(raw: str, region: str | None, locale: str) -> str:
    try:
        return normalize_phone(raw, region)
    except InvalidInput:
        spoken = LOCALE_PHONE_REGIONS.get(locale)
        if spoken is None or spoken == region:
            raise
        return normalize_phone(raw, spoken)


async def remedy_prompt(ctx: Context) -> list[Reply]:
    """Offer only the remedies the law allows now, each with its deadline."""
    decision = await decision_for(ctx)
    options = decision.remedies if decision is not None else ()
    buttons = [(ctx.button(remedy_line(o, ctx.locale), f"rem:{o.remedy.value}"),) for o in options]
    paid = (ctx.button(remedy_label(PAID_REPAIR, ctx.locale), f"rem:{PAID_REPAIR}"),)
    if not buttons:
        return [
            Say(
                ctx.t(
                    N_(
                        "The warranty has ended, so the law gives no free "
                        "remedy now. We can diagnose the "
                        "item and send you a quote for a paid repair."
                    )
                ),
                (paid,),
            )
        ]
    assert decision is not None
    if decision.status is not WarrantyStatus.UNDER_WARRANTY:
        buttons.append(paid)  # after the warranty the free remedy hangs on a condition
    text = ctx.t(N_("What would you like us to do? Each option shows its deadline:"))
    return [
        folded(ctx, [text], choice_notes(decision, ctx.locale, ctx.config.currency), tuple(buttons))
    ]


async def remedy_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take a remedy that is still allowed."""
    value = (chosen(content) or "").removeprefix("rem:")
    if value in allowed_remedies(await decision_for(ctx)):
        ctx.data["remedy"] = value
        ctx.data.pop("quote", None)
        if value == PAID_REPAIR:  # the price first, even when changing the remedy from the summary
            ctx.data.pop(RETURN_TO, None)
            return await ctx.go(ClaimStep.QUOTE)
        return await ctx.go(ClaimStep.SUMMARY)
    return await please_choose(ctx)


async def quote_prompt(ctx: Context) -> list[Reply]:
    """The price of a paid repair, to accept or decline."""
    decision = await decision_for(ctx)
    if decision is None:
        return await ctx.start("claim")
    quote = paid_repair_quote(decision.jurisdiction, decision.price)
    text = ctx.t(
        N_(
            "A paid repair costs {amount}: diagnosis, labour and the usual parts. We tell you"
            " before doing anything that would cost more. Do you accept this quote?"
        ),
        amount=money(quote.amount, ctx.locale, ctx.config.currency),
    )
    buttons = (
        (ctx.button(ctx.t(N_("✅ Accept the quote")), "quote:accept"),),
        (ctx.button(ctx.t(N_("✖ Decline")), "quote:decline"),),
    )
    return [
        folded(ctx, [text], [render_rule(quote.rule, ctx.locale, ctx.config.currency)], buttons)
    ]


async def quote_handle(ctx: Context, content: Content) -> list[Reply]:
    """Accepting keeps the quote for the claim; declining ends the registration politely."""
    value = chosen(content)
    if value == "quote:accept":
        decision = await decision_for(ctx)
        if decision is None:
            return await ctx.start("claim")
        ctx.data["quote"] = str(paid_repair_quote(decision.jurisdiction, decision.price).amount)
        return await ctx.go(ClaimStep.SUMMARY)
    if value == "quote:decline":
        goodbye = ctx.t(
            N_(
                "Understood: no repair is ordered and nothing is charged. Thank you for"
                " writing to us; you are welcome back any time."
            )
        )
        return [Say(goodbye), *await ctx.finish()]
    return await please_choose(ctx)


STEPS = {
    ClaimStep.CATEGORY: Step(category_prompt, category_handle, takes=Slot.CATEGORY),
    ClaimStep.DESCRIPTION: Step(description_prompt, description_handle, takes=Slot.DESCRIPTION),
    ClaimStep.MEDIA: Step(media_prompt, media_handle),
    ClaimStep.PHONE: Step(phone_prompt, phone_handle, takes=Slot.PHONE),
    ClaimStep.REMEDY: Step(remedy_prompt, remedy_handle),
    ClaimStep.QUOTE: Step(quote_prompt, quote_handle),
}
