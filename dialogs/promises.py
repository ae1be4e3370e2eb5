"""Deadlines told to the customer: the law's word only where the law sets the date.

A paid repair has no statutory deadline, and a deadline the company sets itself (a rule with
`company_policy`) is named as the company's terms, never passed off as the law's.
"""

from __future__ import annotations

from datetime import date

from backend.claims.service import PAID_REPAIR
from backend.i18n import N_
from backend.warranty import PolicyDecision, Remedy
from dialogs.context import Context

REMEDIES = {remedy.value for remedy in Remedy}


def resolution_promise(ctx: Context, remedy: str, due_on: date, decision: PolicyDecision) -> str:
    """By when the claim is resolved, worded by who sets the date."""
    day = ctx.date(due_on)
    if remedy == PAID_REPAIR:
        return ctx.t(
            N_("We will diagnose the item and send you a quote for the repair by {date}."),
            date=day,
        )
    option = decision.remedy(Remedy(remedy)) if remedy in REMEDIES else None
    if option is None or option.rule.company_policy:
        return ctx.t(N_("Under our company's terms we aim to resolve it by {date}."), date=day)
    return ctx.t(N_("We must resolve it by {date}."), date=day)


def loaner_promise(ctx: Context, due_by: date, company_policy: bool) -> str:
    """By when a loaner unit is provided: the law's deadline or the company's own."""
    if company_policy:
        return ctx.t(
            N_("Under our company's terms we provide it by {date}."), date=ctx.date(due_by)
        )
    return ctx.t(N_("We must provide it by {date}."), date=ctx.date(due_by))
