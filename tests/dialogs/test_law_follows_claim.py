"""The law follows the claim: an earlier repair under the workflow feeds the next answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from backend.claims.models import Claim
from backend.claims.workflow import Action, Decision, StaffAction
from backend.claims.workflow_apply import apply_action
from backend.clock import ManualClock
from backend.db.session import SessionFactory
from backend.staff.models import Role
from backend.staff.service import add_staff
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from tests.support.chat import ChatClient, claim_up_to_the_remedy, register_quick_claim
from tests.support.clock import NOW

SEPTEMBER_1 = datetime(2026, 9, 1, 10, tzinfo=UTC)
OCTOBER_1 = datetime(2026, 10, 1, 10, tzinfo=UTC)
SERIAL = "SP9-0002"  # a smartphone (technically complex), sold 2026-06-30, 12 + 12 months
STEPS = (
    StaffAction(Action.ACCEPT),
    StaffAction(Action.START_DIAGNOSIS),
    StaffAction(Action.DECIDE, decision=Decision.REPAIR),
    StaffAction(Action.MARK_READY),
)


async def repaired(sessions: SessionFactory, number: str, ready_at: datetime) -> None:
    """Take the claim through this product's repair workflow; staff mark it ready at `ready_at`."""
    async with sessions() as session:
        staff = await add_staff(session, f"tech{number[-3:]}", Role.AGENT, "tech-password-1")
        claim = await session.scalar(select(Claim).where(Claim.number == number))
        assert claim is not None
        for step in STEPS[:-1]:
            await apply_action(session, claim, staff, step, claim.created_at + timedelta(hours=2))
        await apply_action(session, claim, staff, STEPS[-1], ready_at)
        await session.commit()


async def remedies_offered(c: ChatClient) -> list[str]:
    return await claim_up_to_the_remedy(c, SERIAL, "Dead again, does not switch on")


def customer(
    seeded: SessionFactory,
    folder: Path,
    user: str,
    jurisdiction: str = "RU",
    locale: str = "en",
    at: datetime = NOW,
) -> ChatClient:
    """A customer writing at `at`: a dialog engine that has not seen the unit yet."""
    config = DialogConfig(jurisdiction=jurisdiction, media_dir=folder / "media")
    engine = Engine(seeded, config, clock=ManualClock(at))
    return ChatClient(engine, user, folder / "media", locale)


async def test_a_unit_repaired_for_20_days_comes_back_with_the_same_defect(
    seeded: SessionFactory, tmp_path: Path
) -> None:
    in_september = customer(seeded, tmp_path, "ivan", at=SEPTEMBER_1)
    first = await register_quick_claim(in_september, SERIAL, "Won't start")
    await repaired(seeded, first, SEPTEMBER_1 + timedelta(days=20))  # 20 days out of use

    ivan = customer(seeded, tmp_path, "ivan")
    await ivan.command("warranty")
    await ivan.send(SERIAL)
    assert "Warranty: Jun 30, 2026 – Jul 20, 2028" in ivan.text  # 24 months + 20 days
    reasons = await ivan.why()  # the verdict first, the rules behind "Why?"
    assert "extended by the 20 days the item was out of use for repair" in reasons
    assert "(Law 2300-1 art. 20 p.3)" in reasons
    assert "Earlier warranty repairs of this item: 1, 20 days" in reasons

    # 20 days unusable this warranty year: a technically complex item gets repair or reduction
    assert await remedies_offered(ivan) == ["rem:repair", "rem:price_reduction"]

    minsu = customer(seeded, tmp_path, "minsu", "KR", "ko")
    await remedies_offered(minsu)
    reasons = await minsu.why()
    assert "이번이 이 하자의 2번째 발생이에요" in reasons  # same defect, second occurrence
    assert "「소비자분쟁해결기준」 별표" in reasons

    in_october = customer(seeded, tmp_path, "ivan", at=OCTOBER_1)
    second = await register_quick_claim(in_october, SERIAL, "Does not switch on, again")
    await repaired(seeded, second, OCTOBER_1 + timedelta(days=11))  # 31 days in the year

    russian = customer(seeded, tmp_path, "ivan-ru", locale="ru")
    offered = await remedies_offered(russian)
    assert "rem:refund" in offered and "rem:replace" in offered
    reasons = await russian.why()
    assert "п. 1 ст. 18, п. 3 ст. 20 Закона РФ «О защите прав потребителей»" in reasons
    assert "из них 31 дн. — в текущем году гарантийного срока" in reasons


async def test_eu_repair_is_announced_with_its_extension_and_carriage_is_free_at_any_weight(
    seeded: SessionFactory, tmp_path: Path
) -> None:
    eva = customer(seeded, tmp_path, "eva", "EU")
    offered = await claim_up_to_the_remedy(eva, "SP9-FRESH", "Screen stays black")
    assert offered[:2] == ["rem:repair", "rem:replace"]
    # art. 10(2a): the customer is told before choosing repair
    reasons = await eva.why()
    assert "If you choose repair, the seller's liability is extended once by 12 months" in reasons
    assert "company's own target is 30 days" in reasons  # not the directive's number
    await eva.choose("rem:repair")
    await eva.choose("confirm")
    assert "Carriage to the workshop and back is free for you" in eva.text
    assert "large or heavy" not in eva.text  # a 0.19 kg phone
