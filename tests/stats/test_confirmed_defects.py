"""The defect warnings and the proposal to production count confirmed manufacturing defects
only: not misuse, not "no fault found", not cancelled or rejected claims, not undiagnosed ones."""

from __future__ import annotations

from datetime import timedelta

from backend.db.session import SessionFactory
from backend.stats import defects, proposal, service
from backend.stats.config import WarningRules
from backend.stats.filters import parse_filter
from tests.support.clock import TODAY
from tests.support.history import NOW, ClaimRow, store_history

RULES = WarningRules(min_claims=5)


def _row(model: str, days_ago: int, status: str, diagnosis: str | None, defect: str) -> ClaimRow:
    created = NOW - timedelta(days=days_ago, hours=1)
    return ClaimRow(model, created, "web", status, "under_warranty", defect,
                    created.date() + timedelta(days=45), diagnosis=diagnosis)  # fmt: skip


def _rows() -> list[ClaimRow]:
    rows = [_row("CM-3", 150 - n * 30, "closed", "manufacturing_defect", "noise") for n in range(4)]
    rows += [_row("CM-3", n, "closed", "manufacturing_defect", "leak") for n in range(6)]
    rows += [_row("CM-3", n, "rejected", "misuse", "damage") for n in range(8)]
    rows += [_row("CM-3", n, "cancelled", "manufacturing_defect", "stops") for n in range(4)]
    rows += [_row("CM-3", n, "new", None, "display") for n in range(3)]
    rows += [_row("CM-3", n, "closed", "no_fault_found", "battery") for n in range(3)]
    # KT-1 draws many complaints, none of them a manufacturing defect.
    rows += [_row("KT-1", 160, "closed", "manufacturing_defect", "noise")]
    rows += [_row("KT-1", n % 20, "closed", "misuse", "damage") for n in range(30)]
    rows += [_row("KT-1", n % 20, "cancelled", None, "no_power") for n in range(10)]
    return rows


async def test_warnings_count_confirmed_manufacturing_defects_only(
    session_factory: SessionFactory,
) -> None:
    await store_history(session_factory, _rows())
    async with session_factory() as session:
        scope = await service.resolve_scope(session, parse_filter(TODAY))
        rates = {r.product.model_code: r for r in await defects.model_rates(session, scope, RULES)}
    bad, misused = rates["CM-3"], rates["KT-1"]
    assert (bad.window_claims, bad.history_claims) == (6, 4)
    assert bad.flagged and bad.top_defects == (("leak", 6),)
    assert (misused.window_claims, misused.flagged, misused.top_defects) == (0, False, ())


async def test_the_proposal_names_only_confirmed_defects(session_factory: SessionFactory) -> None:
    await store_history(session_factory, _rows())
    async with session_factory() as session:
        scope = await service.resolve_scope(session, parse_filter(TODAY))
        product = next(p for p in scope.products if p.model_code == "CM-3")
        data = await defects.proposal(session, scope, product, RULES)
    assert data.defects == (("leak", 6),)
    assert data.trend[-1][2] == 6
    _header, rows = proposal.proposal_table(data, "en")
    categories = [row[0] for row in rows if row and row[0] in ("Leaks", "Physical damage")]
    assert categories == ["Leaks"]
    assert data.window_to == TODAY
