"""What counts as "I have no receipt" at the receipt step, in English, Russian and Korean."""

from __future__ import annotations

import pytest

from dialogs.no_receipt import says_no_receipt

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
    assert says_no_receipt(text)


@pytest.mark.parametrize("text", SOMETHING_ELSE)
def test_other_words_do_not(text: str) -> None:
    assert not says_no_receipt(text)
