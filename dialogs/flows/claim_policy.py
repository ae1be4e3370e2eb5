"""The warranty answer for the item a claim dialog is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache

from backend.warranty import ClaimFacts, PolicyDecision, Remedy, UnitFacts, evaluate
from dialogs.context import Context


async def item_facts(ctx: Context) -> UnitFacts | None:
    """The warranty facts of the unit (known serial) or of model + purchase date, as the facts
    cache holds them (at most `FactsCache.ttl` old: every step, the confirmation included, answers
    on the facts the customer was shown)."""
    if ctx.data.get("unit_id"):
        unit_id = int(ctx.data["unit_id"])
        facts = await ctx.facts.unit(ctx.session, unit_id)
        if facts is not None:  # the unit's earlier repairs feed the law's history rules
            return replace(facts, repairs=await ctx.facts.repairs(ctx.session, unit_id))
    bought = ctx.data.get("purchase_date")
    sold_on = date.fromisoformat(bought) if bought else None
    product_id = int(ctx.data.get("product_id") or 0)
    return await ctx.facts.product(ctx.session, product_id, sold_on)


REMEDIES = frozenset(remedy.value for remedy in Remedy)

# The policy is a pure function of frozen facts: the same item on the same day gets the same
# answer, so a dialog's several questions to it (and many customers' with the same model and
# purchase date) are answered from memory.
_evaluate = lru_cache(maxsize=4096)(evaluate)


async def decision_for(ctx: Context) -> PolicyDecision | None:
    """Evaluate the policy for the dialog's item as of today."""
    facts = await item_facts(ctx)
    if facts is None:
        return None
    requested = str(ctx.data.get("requested_remedy", ""))
    claim = ClaimFacts(
        reported_on=ctx.today,
        defect=str(ctx.data.get("category", "")),
        purchase_proof=str(ctx.data.get("purchase_proof", "")),
        # A stored claim's remedy: a replacement awaited has its own loaner rule (RU 21 p.2).
        requested_remedy=Remedy(requested) if requested in REMEDIES else None,
    )
    return _evaluate(facts, claim, ctx.config.jurisdiction, ctx.today)
