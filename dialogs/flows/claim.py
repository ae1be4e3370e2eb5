"""Register a defect, part one: which item (serial, or model + purchase date + receipt)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from backend.catalog.models import Product
from backend.catalog.serials import is_valid_serial, normalize_serial
from backend.i18n import N_
from backend.warranty import WarrantyStatus
from backend.warranty.explain import summary_reasons, summary_verdict
from backend.warranty.remaining import remaining_lines
from dialogs.context import Context
from dialogs.details import folded
from dialogs.flow import Entry, Flow, Step, register
from dialogs.flows import claim_details, claim_receipt, claim_summary
from dialogs.flows.claim_policy import decision_for, item_facts
from dialogs.flows.claim_steps import ClaimStep
from dialogs.flows.common import chosen, not_expected, please_choose, typed
from dialogs.label_photo import read_ahead, serial_from_label
from dialogs.said import Slot
from dialogs.types import Button, Content, Media, Reply, Request, Say
from dialogs.validation import InvalidInput, parse_purchase_date

MODELS_PER_PAGE = 6


async def serial_prompt(ctx: Context) -> list[Reply]:
    """Ask for the serial number, typed or as a photo of the label's barcode or QR code."""
    text = ctx.t(
        N_(
            "Please send the serial number of the item. It is on the label on the back or the "
            "bottom, and in the warranty card. You can also send a photo of the label: I will "
            "read its barcode or QR code."
        )
    )
    return [Say(text, request=Request.MEDIA)]


async def serial_handle(ctx: Context, content: Content) -> list[Reply]:
    """Find the unit (typed serial or label photo); an unknown serial goes on by model and date."""
    if isinstance(content, Media):
        return await _serial_from_photo(ctx, content)
    text = typed(content)
    if text is None:
        return await not_expected(ctx)
    serial = normalize_serial(text)
    if not is_valid_serial(serial):
        return [
            Say(
                ctx.t(
                    N_(
                        "“{serial}” doesn't look like a serial number: it "
                        "has 3 to 64 latin letters and "
                        "digits, for example WM700-0001."
                    ),
                    serial=text.strip()[:64],
                )
            ),
            *await ctx.prompt(bump=False),
        ]
    return await _take_serial(ctx, serial)


async def _serial_from_photo(ctx: Context, media: Media) -> list[Reply]:
    """Read the serial off the label photo; a caption is a typed serial when no code is read."""
    serial = await serial_from_label(ctx, media)
    if serial is None and is_valid_serial(normalize_serial(media.caption)):
        return await _take_serial(ctx, normalize_serial(media.caption))
    if serial is None:
        unreadable = N_(
            "I couldn't read a barcode or QR code with a serial number on this photo. Please "
            "type the serial number, or send a sharper photo of the label, close up and in "
            "good light."
        )
        return [Say(ctx.t(unreadable)), *await ctx.prompt(bump=False)]
    read = ctx.t(N_("The label says: serial number {serial}."), serial=serial)
    return [Say(read), *await _take_serial(ctx, serial)]


async def _take_serial(ctx: Context, serial: str) -> list[Reply]:
    """Go on with a well-formed serial: the warranty answer for a sold unit, else the model."""
    ctx.data["serial"] = serial
    unit = await ctx.facts.find_serial(ctx.session, serial)
    if unit is None:
        ctx.data.pop("unit_id", None)
        note = ctx.t(
            N_(
                "I couldn't find {serial} in our sales records. No problem: tell me the model, "
                "the purchase date and send a photo of the receipt."
            ),
            serial=serial,
        )
        return [Say(note), *await ctx.go(ClaimStep.MODEL)]
    ctx.data.update(unit_id=unit.id, product_id=unit.product_id)
    decision = await decision_for(ctx)
    assert decision is not None
    lines = [
        ctx.t(N_("Found it: {product}."), product=unit.product_name),
        summary_verdict(decision, ctx.locale),
    ]
    if decision.status is not WarrantyStatus.UNDER_WARRANTY:
        lines.append(
            ctx.t(
                N_(
                    "The warranty has ended, but we can still look at "
                    "the item and send you a quote "
                    "for a paid repair."
                )
            )
        )
        facts = await item_facts(ctx)
        if facts is not None:
            lines += remaining_lines(facts, decision, ctx.today, ctx.locale, ctx.config.currency)
    plain = decision.status is WarrantyStatus.UNDER_WARRANTY and decision.guarantee_end is None
    reasons = [] if plain else summary_reasons(decision, ctx.locale, ctx.config.currency)
    return [folded(ctx, lines, reasons), *await ctx.go(ClaimStep.CATEGORY)]


async def model_prompt(ctx: Context) -> list[Reply]:
    """Offer the catalog's models, a page at a time."""
    page = int(ctx.data.get("model_page", 0))
    total = await ctx.session.scalar(select(func.count()).select_from(Product)) or 0
    products = await ctx.session.scalars(
        select(Product).order_by(Product.name).offset(page * MODELS_PER_PAGE).limit(MODELS_PER_PAGE)
    )
    buttons: list[tuple[Button, ...]] = [(ctx.button(p.name, f"model:{p.id}"),) for p in products]
    more = []
    if page > 0:
        more.append(ctx.button(ctx.t(N_("◀ Previous")), "page:prev"))
    if (page + 1) * MODELS_PER_PAGE < total:
        more.append(ctx.button(ctx.t(N_("More ▶")), "page:next"))
    if more:
        buttons.append(tuple(more))
    return [Say(ctx.t(N_("Which model is it?")), tuple(buttons))]


async def model_handle(ctx: Context, content: Content) -> list[Reply]:
    """Take the model, or turn the page."""
    value = chosen(content) or ""
    if value.startswith("page:"):
        step = 1 if value == "page:next" else -1
        ctx.data["model_page"] = max(0, int(ctx.data.get("model_page", 0)) + step)
        return await ctx.prompt()
    if value.startswith("model:") and value[6:].isdigit():
        product = await ctx.session.get(Product, int(value[6:]))
        if product is not None:
            ctx.data["product_id"] = product.id
            return await ctx.go(ClaimStep.PURCHASE_DATE)
    return await please_choose(ctx)


async def purchase_date_prompt(ctx: Context) -> list[Reply]:
    """Ask for the date of purchase."""
    return [
        Say(
            ctx.t(
                N_("When did you buy it? Send the date, for example {example}."),
                # Korean writes the year first (2026.03.14), as the examples of its answers do
                example=ctx.today.strftime("%Y.%m.%d" if ctx.locale == "ko" else "%d.%m.%Y"),
            )
        )
    ]


async def purchase_date_handle(ctx: Context, content: Content) -> list[Reply]:
    """Accept a real date that is neither in the future nor implausibly old."""
    text = typed(content)
    if text is None:
        return await not_expected(ctx)
    try:
        bought = parse_purchase_date(text, ctx.today)
    except InvalidInput as error:
        return [Say(ctx.t(error.message, **error.params)), *await ctx.prompt(bump=False)]
    ctx.data["purchase_date"] = bought.isoformat()
    # The date as taken, shown at once: "in March" or "half a year ago" is read as a day, and
    # the warranty is reckoned from it; a misreading is seen (and taken back) here.
    taken = ctx.t(N_("Purchase date: {date}"), date=ctx.date(bought))
    following = await ctx.go(ClaimStep.RECEIPT)
    if following and isinstance(following[0], Say):
        return [replace(following[0], text=f"{taken}\n{following[0].text}"), *following[1:]]
    return [Say(taken), *following]


STEPS = {
    ClaimStep.SERIAL: Step(serial_prompt, serial_handle, prepare=read_ahead, takes=Slot.SERIAL),
    ClaimStep.MODEL: Step(model_prompt, model_handle),
    ClaimStep.PURCHASE_DATE: Step(purchase_date_prompt, purchase_date_handle, takes=Slot.DATE),
    **claim_receipt.STEPS,
    **claim_details.STEPS,
    **claim_summary.STEPS,
}
ENTRY = Entry(
    menu_label=N_("📝 Register a defect"),
    commands=("claim",),
    help_line=N_("Register a defect"),
    order=10,
)
register(Flow("claim", ClaimStep.SERIAL, STEPS, ENTRY))
