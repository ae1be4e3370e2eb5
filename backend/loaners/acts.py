"""The loaner's issue act and return act: one template (HTML) and the shared PDF writer.

The customer signs the issue act when the unit is delivered and the return act when it comes
back; both are printed in the customer's language (or the one staff pick) from the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.claims.models import Claim
from backend.customers.models import Customer
from backend.documents.pdf import one_page
from backend.i18n import N_, gettext_for
from backend.loaners.models import Loan, LoanerUnit
from backend.warranty.explain import citation_for, local_date

ACT_KINDS = ("issue-act", "return-act")
TITLES = {"issue-act": N_("Loaner unit issue act"), "return-act": N_("Loaner unit return act")}
SIGNATURES = {
    "issue-act": (N_("Received by (customer)"), N_("Issued by (service)")),
    "return-act": (N_("Returned by (customer)"), N_("Received by (service)")),
}


@dataclass(frozen=True)
class LoanerAct:
    """Everything an issue or return act prints."""

    number: str
    customer_name: str
    customer_phone: str
    customer_locale: str
    product: str
    serial: str
    loaner_model: str
    loaner_serial: str
    jurisdiction: str
    rule_id: str
    issued_at: datetime
    due_back_on: date
    issued_by: str
    signed_by: str = ""
    signed_at: datetime | None = None
    returned_at: datetime | None = None
    returned_to: str = ""
    condition: str = ""


async def loaner_act(session: AsyncSession, loan: Loan) -> LoanerAct | None:
    """The act's facts, or None while no unit has been issued on the loan."""
    unit = await session.get(LoanerUnit, loan.unit_id) if loan.unit_id else None
    claim = await session.get(Claim, loan.claim_id)
    if unit is None or claim is None or loan.issued_at is None or loan.due_back_on is None:
        return None
    customer = await session.get(Customer, claim.customer_id)
    product = await session.get(Product, claim.product_id)
    assert customer is not None and product is not None
    return LoanerAct(
        number=claim.number,
        customer_name=customer.name,
        customer_phone=claim.contact_phone or customer.phone or "",
        customer_locale=customer.locale or claim.locale,
        product=f"{product.name} ({product.model_code})",
        serial=claim.serial,
        loaner_model=unit.model,
        loaner_serial=unit.serial,
        jurisdiction=claim.jurisdiction,
        rule_id=loan.rule_id,
        issued_at=loan.issued_at,
        due_back_on=loan.due_back_on,
        issued_by=loan.issued_by,
        signed_by=loan.signed_by,
        signed_at=loan.signed_at,
        returned_at=loan.returned_at,
        returned_to=loan.returned_to,
        condition=loan.return_condition,
    )


def _moment(value: datetime, locale: str) -> str:
    return f"{local_date(value.date(), locale)} {value.strftime('%H:%M')} UTC"


def act_rows(act: LoanerAct, kind: str, locale: str) -> list[tuple[str, str]]:
    """The printed rows of the issue or return act: label and value, in `locale`."""

    def t(message: str, **params: object) -> str:
        return gettext_for(locale, message, **params)

    citation = citation_for(act.jurisdiction, act.rule_id, locale)
    rows = [
        (t(N_("Customer")), f"{act.customer_name or '—'}, {act.customer_phone or '—'}"),
        (t(N_("Item in repair")), f"{act.product}, {act.serial or '—'}"),
        (t(N_("Loaner unit")), act.loaner_model),
        (t(N_("Serial number")), act.loaner_serial),
        (t(N_("Issued on")), _moment(act.issued_at, locale)),
        (t(N_("Return by")), local_date(act.due_back_on, locale)),
        (
            t(N_("Terms")),
            t(
                N_("Free of charge, for the time of the work on the claim ({basis})."),
                basis=citation,
            ),
        ),
    ]
    if kind == "issue-act":
        rows.append((t(N_("Issued by")), act.issued_by))
        if act.signed_at is not None:
            signed = f"{act.signed_by}, {_moment(act.signed_at, locale)}"
            rows.append((t(N_("Signed on delivery by")), signed))
        return rows
    returned = _moment(act.returned_at, locale) if act.returned_at else "—"
    rows += [
        (t(N_("Returned on")), returned),
        (t(N_("Condition on return")), act.condition or t(N_("no remarks"))),
        (t(N_("Received by")), act.returned_to or "—"),
    ]
    return rows


def act_title(act: LoanerAct, kind: str, locale: str) -> str:
    """`Loaner unit issue act № WR-…` in `locale`."""
    return f"{gettext_for(locale, TITLES[kind])} № {act.number}"


def act_signatures(kind: str, locale: str) -> list[str]:
    """The two signature lines of the act."""
    return [gettext_for(locale, label) for label in SIGNATURES[kind]]


def act_subtitle(act: LoanerAct, kind: str, locale: str, company: str) -> str:
    """The company and the day of the act (the return's day for the return act)."""
    day = act.returned_at if kind == "return-act" and act.returned_at else act.issued_at
    return f"{company} · {local_date(day.date(), locale)}"


def act_pdf(act: LoanerAct, kind: str, locale: str, company: str) -> bytes:
    """The act as a one-page PDF in `locale`."""
    return one_page(
        act_title(act, kind, locale),
        act_subtitle(act, kind, locale, company),
        act_rows(act, kind, locale),
        act_signatures(kind, locale),
    )
