"""No receipt in words, how else the purchase is proven, and the defect categories of the item."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.claims.models import Claim
from backend.db.session import SessionFactory
from dialogs.types import Choice
from tests.support.chat import ChatClient

NO_RECEIPT = {
    # locale: (what the customer types, the proof they press or name, what the answer must say)
    "en": (
        "i dont hav it 🙁",
        "proof:order_number",
        [
            "Proof of purchase: order number from the shop",
            "How else can you prove the purchase?",
            "A missing receipt is no bar to the claim",
            "(Law 2300-1 art. 18 p.5)",
        ],
    ),
    "ru": (
        "потерял чек",
        "жена была со мной, может подтвердить",
        [
            "Покупка подтверждается свидетельскими показаниями.",
            "Чем ещё вы можете подтвердить покупку?",
            "Отсутствие кассового или товарного чека не является основанием для отказа",
            "(абз. 2 п. 5 ст. 18 Закона РФ «О защите прав потребителей»)",
        ],
    ),
    "ko": (
        "영수증 없어요",
        "보증서는 있어요",
        [
            "구매 증빙: 보증서",
            "구매 사실을 어떻게 증명하실 수 있나요?",
            "러시아 「소비자권리보호법」 제18조 제5항 제2문",
        ],
    ),
}


async def _claim(session_factory: SessionFactory) -> Claim:
    async with session_factory() as session:
        [claim] = list(await session.scalars(select(Claim)))
    return claim


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_a_claim_without_a_receipt_in_words_is_completed_with_its_proof(
    chat, seeded: SessionFactory, locale: str
) -> None:
    said, answer, expected = NO_RECEIPT[locale]
    proof = {"en": "order_number", "ru": "witness", "ko": "warranty_card"}[locale]
    c: ChatClient = chat(f"no-receipt-{locale}", locale)
    await c.command("claim")
    await c.send("ZZ-406-UNKNOWN")
    washer = next(b for b in c.buttons() if "Aqua 700" in b.label)
    await c.choose(washer.payload)
    await c.send("01.11.2026")
    assert "receipt:none" in c.payloads()
    await c.send(said)
    proofs = [p for p in c.payloads() if p.startswith("proof:")]
    assert proofs == [
        "proof:bank_statement",
        "proof:order_number",
        "proof:warranty_card",
        "proof:witness",
        "proof:other",
    ]
    await (c.choose(answer) if answer.startswith("proof:") else c.send(answer))
    for line in expected[2:]:
        assert line in c.text, c.text
    assert "cat:drum" in c.payloads()  # and the claim goes on
    await c.choose("cat:door")
    await c.send("The door does not lock / дверца не закрывается")
    await c.choose("media:skip")
    await c.send("+7 916 555 44 36")
    await c.choose("rem:repair")
    assert expected[0] in c.text  # the summary says how the purchase is proven
    await c.choose("confirm")
    claim = await _claim(seeded)
    assert (claim.purchase_proof, claim.defect_category) == (proof, "door")
    assert claim.unit_id is None and claim.warranty_status == "under_warranty"


async def test_other_words_at_the_receipt_step_still_ask_for_the_photo(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("receipt-words")
    await c.command("claim")
    await c.send("ZZ-407-UNKNOWN")
    kettle = next(b for b in c.buttons() if "Boil 1 kettle" in b.label)
    await c.choose(kettle.payload)
    await c.send("01.11.2026")
    await c.send("here it is, one moment")
    assert "not what I asked for" in c.text
    assert not any(p.startswith("proof:") for p in c.payloads())


async def test_the_categories_offered_follow_the_product(chat, seeded: SessionFactory) -> None:
    washer: ChatClient = chat("washer", "ru")
    await washer.command("claim")
    await washer.send("WM700-0001")
    offered = {p.removeprefix("cat:") for p in washer.payloads() if p.startswith("cat:")}
    assert {"leak", "drum", "door", "noise", "error_code", "no_power", "other"} <= offered
    assert not {"display", "battery", "camera"} & offered
    assert "Не вращается барабан" in [b.label for b in washer.buttons()]
    phone: ChatClient = chat("phone", "ko")
    await phone.command("claim")
    await phone.send("SP9-0001")
    offered = {p.removeprefix("cat:") for p in phone.payloads() if p.startswith("cat:")}
    assert {"display", "battery", "charging", "camera", "other"} <= offered
    assert not {"leak", "drum", "door"} & offered
    screen = phone.buttons()[0].payload.split(".", 1)[0]
    await phone.send_content(Choice(f"{screen}.cat:leak"))  # forged: not offered for a phone
    assert "아래 항목 중 하나를 선택해 주세요." in phone.text
    assert "cat:camera" in phone.payloads()
    await phone.choose("cat:charging")
    await phone.send("충전기를 꽂아도 충전이 안 돼요")
    await phone.choose("media:skip")
    await phone.send("+7 916 555 44 37")
    await phone.choose("rem:repair")
    assert "충전이 안 됨" in phone.text  # the summary names the category in Korean
    await phone.choose("confirm")
    claim = await _claim(seeded)
    assert claim.defect_category == "charging"
