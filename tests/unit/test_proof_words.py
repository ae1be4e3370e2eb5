"""What counts as "I have no receipt" (the understanding step's reading) and which other proof
is named instead, in English, Russian and Korean."""

from __future__ import annotations

import pytest

from dialogs.proof_words import proof_in_words
from dialogs.understanding import understand
from tests.support.clock import TODAY

NO_RECEIPT = [
    "I don't have it",
    "no receipt",
    "No receipt!!",
    "i dont hav it",
    "i lsot it",
    "lost the reciept 🙁",
    "I threw it away",
    "nope",
    "чека нет",
    "потерял чек",
    "ПОТЕРЯЛА",
    "чек не сохранился",
    "нету чека",
    "без чека",
    "выкинул давно(",
    "영수증 없어요",
    "영수증이 없는데요",
    "영수증을 잃어버렸어요",
    "분실했어요",
]
SOMETHING_ELSE = [
    "here is my receipt",
    "one moment",
    "I have it somewhere",
    "it cost a lot",
    "most likely tomorrow",
    "вот чек",
    "сейчас пришлю",
    "영수증 보낼게요",
    "잠시만요",
]


@pytest.mark.parametrize("text", NO_RECEIPT)
def test_words_of_absence_or_loss_mean_no_receipt(text: str) -> None:
    assert understand(text, TODAY).lack


@pytest.mark.parametrize("text", SOMETHING_ELSE)
def test_other_words_do_not(text: str) -> None:
    heard = understand(text, TODAY)
    assert not heard.lack and heard.yes is not False


PROOFS_NAMED = {
    "I have a bank statement": "bank_statement",
    "paid by card": "bank_statement",
    "stetement from my bank": "bank_statement",
    "есть выписка из сбера": "bank_statement",
    "카드 내역 있어요": "bank_statement",
    "ordr number from the online shop": "order_number",
    "заказывал в интернете": "order_number",
    "주문번호 있어요": "order_number",
    "the warranty card with the stamp": "warranty_card",
    "гарантийный талон есть": "warranty_card",
    "보증서 있어요": "warranty_card",
    "my husband was there": "witness",
    "жена может подтвердить": "witness",
    "친구가 같이 샀어요": "witness",
}


@pytest.mark.parametrize(("text", "kind"), PROOFS_NAMED.items())
def test_the_other_proof_is_understood_in_words(text: str, kind: str) -> None:
    assert proof_in_words(text) == kind


@pytest.mark.parametrize("text", ["hello", "другим способом", "I don't know", "모르겠어요"])
def test_words_naming_no_proof_name_none(text: str) -> None:
    assert proof_in_words(text) is None
