"""The weekly complaint report reaches a manager's linked Telegram chat through the Bot API."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import update

from backend.claims.models import Claim
from backend.db.session import SessionFactory
from backend.parts.models import LabourEntry, PartRequest, PartState
from backend.reports.links import new_link_code
from backend.reports.service import report_if_due
from backend.staff.models import Role
from backend.stats.config import WarningRules
from tests.fakes.telegram_server import FakeTelegram
from tests.support.clock import NOW, TODAY
from tests.support.console import make_claim, make_staff
from tests.support.telegram import wait_until

MANAGER_CHAT = 8101
AGENT_CHAT = 8102


async def _code(sessions: SessionFactory, staff_id: int, at: Any = NOW) -> str:
    async with sessions() as session:
        code = await new_link_code(session, staff_id, at)
        await session.commit()
    return code


async def _say(fake: FakeTelegram, chat: int, text: str, args: str = "") -> str:
    before = len(fake.texts_to(chat))
    fake.push_update(fake.command(chat, text, args))
    await wait_until(lambda: len(fake.texts_to(chat)) > before)
    return fake.texts_to(chat)[-1]


async def test_a_linked_manager_gets_the_weekly_report_in_telegram(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, start_bot: Any, tmp_path: Path
) -> None:
    fake = fake_telegram
    manager = await make_staff(seeded_db, "reports-manager", Role.MANAGER)
    agent = await make_staff(seeded_db, "reports-agent", Role.AGENT)
    overdue = await make_claim(seeded_db, "late-customer")
    async with seeded_db() as session:
        due = TODAY - timedelta(days=10)  # before the report day (a Monday)
        values = {"statutory_due_on": due, "created_at": NOW - timedelta(days=12)}
        await session.execute(update(Claim).where(Claim.id == overdue.id).values(**values))
        await session.commit()
    costly = await make_claim(seeded_db, "repaired-customer")
    async with seeded_db() as session:  # received in the reported week, repaired with a part
        week = {"created_at": NOW - timedelta(days=9)}
        await session.execute(update(Claim).where(Claim.id == costly.id).values(**week))
        session.add(PartRequest(claim_id=costly.id, other_part="Drain pump", quantity=2,
                                state=PartState.FITTED, unit_cost=Decimal("690.00")))  # fmt: skip
        session.add(LabourEntry(claim_id=costly.id, hours=Decimal("2"), stage="repair"))
        await session.commit()
    await start_bot()
    code = await _code(seeded_db, manager.id)

    assert "does not work" in await _say(fake, AGENT_CHAT, "link", await _code(seeded_db, agent.id))
    stale = await _code(seeded_db, manager.id, NOW - timedelta(minutes=11))
    assert "does not work" in await _say(fake, MANAGER_CHAT, "link", stale)
    code = await _code(seeded_db, manager.id)
    assert "complaint reports will arrive here" in await _say(fake, MANAGER_CHAT, "link", code)
    assert "does not work" in await _say(fake, AGENT_CHAT, "link", code)  # used once already

    made = [
        await report_if_due(
            seeded_db,
            "mon 08:00",
            WarningRules(),
            media_dir=tmp_path,
            locale="en",
            now=NOW,
            costing=(Decimal("1500"), "RUB"),
        )
        for _ in range(2)
    ]
    assert made[0] is not None and made[1] is None  # once per period
    await wait_until(lambda: bool(fake.documents))
    (document,) = fake.documents
    assert document["chat_id"] == MANAGER_CHAT
    assert document["caption"].startswith("Complaint report: ")
    text = document["data"].decode("utf-8-sig")
    assert text.startswith("Complaint report,")
    for part in ("Intake", "Confirmed defects per model against its history", "Overdue claims"):
        assert part in text
    assert overdue.number in text.split("Overdue claims", 1)[1]
    costs = text.split("Repair costs", 1)[1].split("Overdue claims", 1)[0]
    assert "KT-1,1,1380.0,2.0,3000.0,4380.0" in costs  # parts, hours, labour, total


def _plain(text: str) -> str:
    """Babel's narrow and no-break spaces as plain ones (CLDR versions differ in which)."""
    return re.sub("[\u00a0\u2009\u202f]", " ", text)


async def test_each_manager_gets_the_report_in_the_language_of_their_chat(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, start_bot: Any, tmp_path: Path
) -> None:
    fake = fake_telegram
    chats = {"ru": 8201, "ko": 8202}
    for language, chat in chats.items():
        manager = await make_staff(seeded_db, f"manager-{language}", Role.MANAGER)
        fake.push_update(
            fake.command(chat, "link", await _code(seeded_db, manager.id), language_code=language)
        )
    await start_bot()
    await wait_until(lambda: all(fake.texts_to(chat) for chat in chats.values()))
    for n in range(2):  # received in the reported week
        claim = await make_claim(seeded_db, f"week-customer-{n}")
        async with seeded_db() as session:
            week = {"created_at": NOW - timedelta(days=9)}
            await session.execute(update(Claim).where(Claim.id == claim.id).values(**week))
            await session.commit()

    made = await report_if_due(
        seeded_db,
        "mon 08:00",
        WarningRules(),
        media_dir=tmp_path,
        locale="en",
        now=NOW,
        costing=(Decimal("1500"), "RUB"),
    )
    assert made is not None
    await wait_until(lambda: len(fake.documents) == 2)
    got = {d["chat_id"]: d for d in fake.documents}

    ru, ko = got[chats["ru"]], got[chats["ko"]]
    assert _plain(ru["caption"]) == "Отчёт о рекламациях: 16—22 нояб. 2026 г.\nПолучено 2 обращения"
    assert ko["caption"] == "불만 보고서: 2026년 11월 16일~22일\n2건 접수"
    ru_text, ko_text = (_plain(d["data"].decode("utf-8-sig")) for d in (ru, ko))
    assert ru_text.startswith("Отчёт о рекламациях,16—22 нояб. 2026 г.\r\nПолучено обращений,2")
    assert ko_text.startswith("불만 보고서,2026년 11월 16일~22일\r\n접수 건수,2")
    assert "Поступление" in ru_text and "Intake" not in ru_text
    assert "접수" in ko_text and "Intake" not in ko_text
