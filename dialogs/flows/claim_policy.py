"""The warranty answer for the item a claim dialog is about."""

from __future__ import annotations

from datetime import date

from backend.catalog.facts import product_facts, unit_facts
from backend.catalog.models import Product, Unit
from backend.warranty import ClaimFacts, PolicyDecision, UnitFacts, evaluate
from dialogs.context import Context


async def item_facts(ctx: Context) -> tuple[Product, UnitFacts] | None:
    """The product and warranty facts of the unit (known serial) or model + purchase date."""
    if ctx.data.get("unit_id"):
        unit = await ctx.session.get(Unit, ctx.data["unit_id"])
        if unit is not None:
            return unit.product, unit_facts(unit)
    product = await ctx.session.get(Product, ctx.data.get("product_id") or 0)
    if product is None:
        return None
    bought = ctx.data.get("purchase_date")
    sold_on = date.fromisoformat(bought) if bought else None
    return product, UnitFacts(product=product_facts(product), sold_on=sold_on)


async def decision_for(ctx: Context) -> PolicyDecision | None:
    """Evaluate the policy for the dialog's item as of today."""
    found = await item_facts(ctx)
    if found is None:
        return None
    _, facts = found
    return evaluate(facts, ClaimFacts(reported_on=ctx.today), ctx.config.jurisdiction, ctx.today)
