"""What the claim page shows of the claim's loaner: the request and its deadline, the unit out,
the units that could be issued, and the loans before."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product
from backend.claims.models import Claim
from backend.claims.queue import deadline_badge
from backend.loaners.labels import LOAN_STATUS_NAMES
from backend.loaners.models import Loan, LoanerUnit, LoanStatus
from backend.loaners.pool import matching_units
from backend.loaners.service import FINISHED, claim_loans
from backend.warranty.explain import citation_for, deadline_label

DEFAULT_LOAN_DAYS = 7  # when the claim's own deadline has passed


@dataclass(frozen=True)
class LoanLine:
    """One loan of the claim with its unit and the article or policy behind it."""

    loan: Loan
    unit: LoanerUnit | None
    citation: str
    deadline_label: str
    badge: str  # the deadline to provide the unit (requested), else the return (issued)


@dataclass(frozen=True)
class LoanerPanel:
    """The claim page's loaner card."""

    lines: list[LoanLine] = field(default_factory=list)
    units: list[LoanerUnit] = field(default_factory=list)  # available, same category first
    finished: bool = False  # the work on the claim is over: nothing is issued now
    category: str = ""
    default_due_back: date | None = None

    @property
    def status_names(self) -> dict[str, str]:
        """The names of loan statuses (gettext msgids)."""
        return LOAN_STATUS_NAMES

    @property
    def pending(self) -> LoanLine | None:
        """The request still waiting for a unit."""
        return next((x for x in self.lines if x.loan.status is LoanStatus.REQUESTED), None)

    @property
    def out(self) -> LoanLine | None:
        """The loan whose unit is with the customer."""
        return next((x for x in self.lines if x.loan.status is LoanStatus.ISSUED), None)


def _badge(loan: Loan, claim: Claim, today: date) -> str:
    if loan.status is LoanStatus.REQUESTED:
        return deadline_badge(loan.due_by, today, claim.status)
    if loan.status is LoanStatus.ISSUED and loan.due_back_on is not None:
        return "overdue" if loan.due_back_on < today else "on_time"
    return "done"


async def loaner_panel(
    session: AsyncSession, claim: Claim, today: date, locale: str
) -> LoanerPanel:
    """The claim's loans, and the units to choose from while one is requested."""
    loans = await claim_loans(session, claim.id)
    if not loans:
        return LoanerPanel()
    lines = [
        LoanLine(
            loan,
            await session.get(LoanerUnit, loan.unit_id) if loan.unit_id else None,
            citation_for(claim.jurisdiction, loan.rule_id, locale),
            deadline_label(claim.jurisdiction, loan.rule_id, locale),
            _badge(loan, claim, today),
        )
        for loan in loans
    ]
    product = await session.get(Product, claim.product_id)
    category = product.category if product else ""
    waiting = claim.status not in FINISHED and any(
        line.loan.status is LoanStatus.REQUESTED for line in lines
    )
    units = await matching_units(session, category) if waiting else []
    due_back = claim.statutory_due_on
    if due_back <= today:
        due_back = today + timedelta(days=DEFAULT_LOAN_DAYS)
    return LoanerPanel(lines, units, claim.status in FINISHED, category, due_back)
