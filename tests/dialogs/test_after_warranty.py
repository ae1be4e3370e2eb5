"""After the warranty, as whole conversations: what remains (RU art. 19 p.6, the KR depreciated
refund), a paid repair quote accepted or declined, and a written claim sent from the chat."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from backend.claims.models import Attachment, Claim, ClaimEvent
from backend.db.session import SessionFactory
from backend.written_claims.models import WrittenClaim
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from tests.support.chat import ChatClient, claim_up_to_the_remedy, register_quick_claim
from tests.support.clock import days, suite_clock

PAST_WARRANTY = "WM700-0003"  # sold 2023-06-01, 24 months of warranty, 84 months of service life


async def _rows(session_factory: SessionFactory, model: type) -> list:
    async with session_factory() as session:
        return list(await session.scalars(select(model).order_by(model.id)))


async def test_ru_substantial_defect_after_the_warranty_is_removed_free(chat, seeded) -> None:
    c: ChatClient = chat("ru-substantial", "ru")
    await c.command("claim")
    await c.send(PAST_WARRANTY)
    assert "Гарантия истекла, но требование ещё можно предъявить" in c.text
    assert (
        "До 1 июня 2030 существенный недостаток, возникший до передачи товара, устраняется"
        " безвозмездно (п. 6 ст. 19, п. 6 ст. 29 Закона РФ «О защите прав потребителей»)."
    ) in c.text
    assert "платно: стоимость 5\xa0518,80\xa0₽" in c.text
    reasons = await c.why()
    assert "п. 6 ст. 19, п. 6 ст. 29 Закона РФ «О защите прав потребителей»" in reasons
    await c.choose("cat:noise")
    await c.send("Сильно шумит при отжиме")
    await c.choose("media:skip")
    await c.send("+79161112233")
    assert c.payloads()[:2] == ["rem:repair", "rem:paid_repair"]
    await c.choose("rem:repair")
    await c.choose("confirm")
    [claim] = await _rows(seeded, Claim)
    assert (claim.requested_remedy, claim.due_rule) == ("repair", "ru.repair_substantial")
    assert claim.statutory_due_on == days(20)
    assert claim.warranty_status == "post_warranty_claim"
    assert claim.paid_repair_quote is None


async def test_paid_repair_quote_declined_ends_politely_without_a_claim(chat, seeded) -> None:
    c: ChatClient = chat("decliner")
    await claim_up_to_the_remedy(c, PAST_WARRANTY, "Drum makes a loud noise")
    await c.choose("rem:paid_repair")
    assert "A paid repair costs RUB\xa05,518.80" in c.text
    assert c.payloads()[:2] == ["quote:accept", "quote:decline"]
    await c.choose("quote:decline")
    assert "no repair is ordered and nothing is charged" in c.text
    assert "claim" in c.payloads()  # back at the main menu
    assert await _rows(seeded, Claim) == []


async def test_paid_repair_quote_accepted_in_korean_is_kept_on_the_claim(chat, seeded) -> None:
    c: ChatClient = chat("accepter", "ko")
    await claim_up_to_the_remedy(c, PAST_WARRANTY, "탈수할 때 소음이 심합니다")
    await c.choose("rem:paid_repair")
    assert "유상 수리 비용은 RUB\xa05,518.80" in c.text
    await c.choose("quote:accept")
    assert "수락한 견적: RUB\xa05,518.80" in c.text
    await c.choose("confirm")
    [claim] = await _rows(seeded, Claim)
    assert (claim.requested_remedy, claim.paid_repair_quote) == ("paid_repair", Decimal("5518.80"))
    [created] = await _rows(seeded, ClaimEvent)
    assert created.details["quote"] == "5518.80"


async def test_kr_after_the_warranty_states_the_depreciated_refund(seeded, tmp_path: Path) -> None:
    config = DialogConfig(jurisdiction="KR", media_dir=tmp_path / "media")
    engine = Engine(seeded, config, clock=suite_clock())
    c = ChatClient(engine, "kr-owner", tmp_path / "media", "ko")
    await c.command("claim")
    await c.send(PAST_WARRANTY)
    # 41 whole months used of 84: 45,990 − 22,447.50 + 4,599 (10%) = 28,141.50 (the won: no subunit)
    assert "₩28,142" in c.text
    assert "「소비자분쟁해결기준」 별표 (부품보유기간)" in c.text
    assert "2030. 6. 1." in c.text  # parts kept 84 months from the purchase
    assert "견적: ₩30,000" in c.text  # the KR minimum of a paid repair


async def test_written_claim_sent_from_the_chat_gets_its_deadline(chat, seeded) -> None:
    c: ChatClient = chat("writer")
    number = await register_quick_claim(c)
    await c.command("claims")
    await c.click(number)
    await c.choose("written")
    assert "What does your written claim demand?" in c.text
    await c.choose("demand:refund")
    await c.photos(1)
    assert f"Your written claim on claim {number} is registered" in c.text
    assert "Law 2300-1 art. 22" in c.text
    [written] = await _rows(seeded, WrittenClaim)
    assert (written.demand, written.source, written.due_on) == ("refund", "terminal", days(10))
    scan = await _rows(seeded, Attachment)
    assert [a.kind for a in scan if a.id == written.attachment_id] == ["claim_letter"]
    events = [e.action for e in await _rows(seeded, ClaimEvent)]
    assert events[-1] == "written_claim_received"


async def test_written_claim_typed_in_the_chat(chat, seeded) -> None:
    c: ChatClient = chat("typist", "ru")
    number = await register_quick_claim(c)
    await c.command("claims")
    await c.click(number)
    await c.choose("written")
    await c.choose("demand:penalty")
    await c.send("Требую выплатить неустойку за просрочку ремонта")
    assert "ст. 22 Закона РФ «О защите прав потребителей»" in c.text
    [written] = await _rows(seeded, WrittenClaim)
    assert written.text.startswith("Требую")
    assert written.due_rule == "ru.written_damages"


async def test_checking_the_warranty_in_kr_tells_what_remains(seeded, tmp_path: Path) -> None:
    config = DialogConfig(jurisdiction="KR", media_dir=tmp_path / "media")
    engine = Engine(seeded, config, clock=suite_clock())
    c = ChatClient(engine, "kr-checker", tmp_path / "media", "en")
    await c.command("warranty")
    await c.send(PAST_WARRANTY)
    assert "the depreciated price plus 10% of the price is refunded: ₩28,142" in c.text
    assert "(41 of 84 months of service life used)" in c.text
    assert "Otherwise we repair it for a fee: the quote is ₩30,000." in c.text
