"""Saying "I have no receipt" at the receipt step, in English, Russian and Korean: every phrase
of absence or loss the step knew and every one the understanding step knew takes the customer to
the question how else the purchase is proven; typos, emoji and another script as well; other
words still ask for the photo."""

from __future__ import annotations

import pytest

from backend.db.session import SessionFactory
from tests.support.chat import ChatClient

ASKED_FOR_PROOF = {
    "en": "How else can you prove the purchase?",
    "ru": "Чем ещё вы можете подтвердить покупку?",
    "ko": "구매 사실을 어떻게 증명하실 수 있나요?",
}
NO_RECEIPT = {
    "en": [
        # words of absence or loss the receipt step read
        "no",
        "I have not",
        "none",
        "nope",
        "dont have one",
        "I don't",
        "didnt keep it",
        "havent got one",
        "I haven't",
        "my wife hasnt kept it",
        "without a receipt",
        "lost it",
        "it's missing",
        "threw it out",
        "it was thrown out",
        "discarded",
        "cant find it",
        "I can't find it",
        "never got one",
        "didn't get one",
        "i dont hav it",
        "i lsot it",
        "No receipt!!",
        "lost the reciept 🙁",
        # the understanding step's receipt and words of lack
        "I don't have the receipt",
        "I do not have it",
        "lost the receipt sorry",
        "i threw away the check",
        "the invoice was thrown away",
    ],
    "ru": [
        "нет",
        "нету",
        "без чека",
        "потерял",
        "потеряла чек",
        "потеряли",
        "чек потерялся",
        "чек потерян",
        "чек утерян",
        "выбросил",
        "выбросила",
        "выкинул давно(",
        "выкинула",
        "чек не сохранился",
        "не сохранила",
        "не сохранил",
        "чека не осталось",
        "не найду",
        "не могу",
        "в магазине не дали",
        "чек не давали",
        "чек отсутствует",
        "ПОТЕРЯЛА",
        "не могу найти квитанцию",
        "чека нет",
    ],
    "ko": [
        "없어요",
        "영수증이 없는데요",
        "영수증을 잃어버렸어요",
        "분실했어요",
        "버렸어요",
        "못 찾겠어요",
        "못찾겠어요",
        "영수증 안 받았어요",
        "안받았어요",
        "영수증 없음",
    ],
}
# Said the way customers write anywhere else in the chat: letters held down, a "no" emoji,
# another script than the chat's language.
MORE_WAYS = {
    "en": ["NOOO receipt", "👎", "❌", "чека нет"],
    "ru": ["нееет", "no receipt", "потерял чек 😞"],
    "ko": ["no receipt", "영수증 없어요 😢"],
}
NOT_SAID = {
    "en": ["here is my receipt", "I have it somewhere", "it cost a lot", "most likely tomorrow"],
    "ru": ["вот чек", "сейчас пришлю"],
    "ko": ["영수증 보낼게요", "잠시만요"],
}


async def _at_the_receipt_step(c: ChatClient) -> None:
    """A claim for an item not in the sales registry, up to the receipt question."""
    await c.command("claim")
    await c.send("ZZ-408-UNKNOWN")
    washer = next(b for b in c.buttons() if "Aqua 700" in b.label)
    await c.choose(washer.payload)
    await c.send("01.11.2026")
    assert "receipt:none" in c.payloads()


async def _each_said(c: ChatClient, phrases: list[str], proof_asked: bool) -> list[str]:
    """Say each phrase at the receipt step (going back to it after each); the phrases whose
    answer was not the one expected."""
    wrong = []
    for said in phrases:
        await c.send(said)
        asked = ASKED_FOR_PROOF[c.locale] in c.text and "proof:bank_statement" in c.payloads()
        if asked != proof_asked:
            wrong.append(said)
        if asked:
            await c.choose("nav:back")
        assert "receipt:none" in c.payloads(), (said, c.text)  # at the receipt question again
    return wrong


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_no_receipt_said_in_words_asks_for_the_other_proof(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat(f"said-{locale}", locale)
    await _at_the_receipt_step(c)
    assert await _each_said(c, NO_RECEIPT[locale], proof_asked=True) == []


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_no_receipt_with_emoji_repeats_and_another_script(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat(f"more-{locale}", locale)
    await _at_the_receipt_step(c)
    assert await _each_said(c, MORE_WAYS[locale], proof_asked=True) == []


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_other_words_still_ask_for_the_receipt(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat(f"other-{locale}", locale)
    await _at_the_receipt_step(c)
    assert await _each_said(c, NOT_SAID[locale], proof_asked=False) == []


async def test_no_receipt_said_before_the_question_skips_it(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("early", "ru")
    await c.command("claim")
    await c.send("ZZ-409-UNKNOWN, чека нет")
    washer = next(b for b in c.buttons() if "Aqua 700" in b.label)
    await c.choose(washer.payload)
    await c.send("01.11.2026")
    assert "Ничего страшного, что чека нет. Чем ещё вы можете подтвердить покупку?" in c.text
    assert "receipt:none" not in c.payloads()  # not asked for a photo it was told is not there
    await c.choose("proof:bank_statement")
    assert "cat:drum" in c.payloads()
