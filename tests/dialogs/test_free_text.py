"""Customers who type instead of pressing: whole conversations in English, Russian and Korean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.claims.models import Claim
from backend.claims.storage import store_bytes
from backend.db.session import SessionFactory
from dialogs.types import Media, MediaItem, MediaKind, Request, Say
from tests.support.chat import ChatClient, png_bytes, register_quick_claim
from tests.support.clock import NOW

SCRIPTS = {
    "en": re.compile(r"[A-Za-z]{3}"),
    "ru": re.compile(r"[А-Яа-я]{3}"),
    "ko": re.compile(r"[가-힣]{2}"),
}
LEAK_SENTENCES = {
    "en": "hi, my washing machine WM700-FRESH is leaking from under the door",
    "ru": "здравствуйте, стиральная машина WM700-FRESH течёт из-под двери",
    "ko": "안녕하세요 세탁기 WM700-FRESH 문 아래로 물이 새요",
}
STATUS_QUESTIONS = {
    "en": "hey where is my claim {number}?",
    "ru": "что с моей заявкой {number}?",
    "ko": "{number} 접수 어떻게 됐나요",
}
TYPO_SERIALS = {
    "en": "my serial is wm700-OOO1 i think",
    "ru": "серийник вроде wm700-OOO1",
    "ko": "시리얼은 wm700-OOO1 같아요",
}
FOREIGN = {
    "en": "привет, у меня сломалась стиралка",
    "ru": "안녕하세요 세탁기가 고장났어요",
    "ko": "hello, my washing machine is broken",
}
REGISTER_WORDS = {
    "en": "ok i want to register a defect for it",
    "ru": "хочу оформить ремонт",
    "ko": "수리 접수하고 싶어요",
}
YES = {"en": "yes 👍", "ru": "да", "ko": "네"}
SWITCH_TO = {"en": "ru", "ru": "ko", "ko": "en"}


def typed_label(label: str) -> str:
    """A button's label as a customer types it: no emoji, lower case."""
    return re.sub(r"[^\w\s]", "", label).strip().lower()


async def _claims(session_factory: SessionFactory) -> list[Claim]:
    async with session_factory() as session:
        return list(await session.scalars(select(Claim)))


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_one_sentence_and_a_photo_register_a_claim(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat("sentence", locale)
    await c.command("start")
    await c.send(LEAK_SENTENCES[locale])
    assert "Aqua 700" in c.text  # the warranty answer for the unit
    assert "media:skip" in c.payloads()  # straight to the photos: category and description known
    await c.photos(1)
    await c.choose("media:done")
    await c.send("+7 916 123-45-67")
    await c.choose("rem:repair")
    await c.send(YES[locale])  # typed, at the summary: confirms
    assert re.search(r"WR-2026-\d{6}", c.text) and SCRIPTS[locale].search(c.text)
    [claim] = await _claims(seeded)
    assert (claim.serial, claim.defect_category) == ("WM700-FRESH", "leak")
    assert claim.description == LEAK_SENTENCES[locale]
    assert claim.contact_phone == "+79161234567"


LOCAL_NUMBERS = {
    "ko": ("010-1234-5678", "+821012345678"),  # a Korean mobile, to a Russian service
    "ru": ("8 (916) 123-45-67", "+79161234567"),
    "en": ("8 916 123 45 67", "+79161234567"),  # the service's own country
}


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_a_local_phone_number_of_the_customers_language(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat("local-phone", locale)
    await c.command("claim")
    await c.send("KT1-0001")
    await c.choose("cat:no_power")
    await c.send("It does not turn on at all")
    await c.choose("media:skip")
    typed_number, stored = LOCAL_NUMBERS[locale]
    await c.send(typed_number)
    assert any(p.startswith("rem:") for p in c.payloads()), c.text  # on to the remedy
    await c.choose("rem:repair")
    await c.choose("confirm")
    [claim] = await _claims(seeded)
    assert claim.contact_phone == stored


HALF_A_YEAR = {"en": "half a year ago", "ru": "полгода назад", "ko": "반년 전"}
TAKEN_DATE = {
    "en": "Purchase date: May 27, 2026",
    "ru": "Дата покупки: 27 мая 2026",
    "ko": "구입일: 2026. 5. 27.",
}


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_a_purchase_date_in_words_is_shown_as_the_day_taken(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat("half-year", locale)
    await c.command("claim")
    await c.send("ZZ-404-UNKNOWN")
    await c.choose(next(b for b in c.buttons() if "Boil 1 kettle" in b.label).payload)
    example = {"en": "27.11.2026", "ru": "27.11.2026", "ko": "2026.11.27"}[locale]
    assert example in c.text  # the date question's example, in the order the language writes
    await c.send(HALF_A_YEAR[locale])  # six months before the suite's day, not a year
    assert TAKEN_DATE[locale] in c.text
    assert "receipt:none" in c.payloads()  # with the receipt question in the same message


DRAIN_SENTENCES = {
    "en": "my washing machine WM700-FRESH won't drain",
    "ru": "стиральная машина WM700-FRESH не сливает воду",
    "ko": "세탁기 WM700-FRESH 물이 안 빠져요",
}


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_a_defect_only_some_products_have_is_read_from_the_first_sentence(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat("drain", locale)
    await c.command("start")
    await c.send(DRAIN_SENTENCES[locale])
    assert "media:skip" in c.payloads()  # the washing machine's "drain": no category question
    await c.choose("media:skip")
    await c.send("+7 916 123-45-67")
    await c.choose("rem:repair")
    await c.send(YES[locale])
    [claim] = await _claims(seeded)
    assert (claim.serial, claim.defect_category) == ("WM700-FRESH", "drain")


async def test_a_word_of_two_defects_is_the_one_the_product_has(
    chat, seeded: SessionFactory
) -> None:
    """ "Drains" is a washing machine's pump and a laptop's battery."""
    laptop: ChatClient = chat("laptop-drains")
    await laptop.command("claim")
    await laptop.send("LP14-0001")
    await laptop.send("the battery drains within an hour")
    assert "media:skip" in laptop.payloads()  # the sentence is its category and description
    await laptop.choose("media:skip")
    await laptop.send("+7 916 123-45-67")
    await laptop.choose("rem:repair")
    await laptop.send("yes")
    [claim] = await _claims(seeded)
    assert (claim.serial, claim.defect_category) == ("LP14-0001", "battery")


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_a_claim_status_asked_in_words_shows_only_ones_own_claim(
    chat, seeded: SessionFactory, locale: str
) -> None:
    owner: ChatClient = chat("owner", locale)
    number = await register_quick_claim(owner)
    await owner.send(STATUS_QUESTIONS[locale].format(number=number))
    assert number in owner.text and "act" in owner.payloads()  # the claim's own page

    stranger: ChatClient = chat("stranger", locale)
    await stranger.command("start")
    await stranger.send(STATUS_QUESTIONS[locale].format(number=number))
    someone_elses = stranger.text.replace(number, "N")
    await stranger.send(STATUS_QUESTIONS[locale].format(number="WR-2026-999999"))
    unknown = stranger.text.replace("WR-2026-999999", "N")
    assert someone_elses == unknown and "act" not in stranger.payloads()


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_typed_button_labels_and_numbers_count_as_presses(chat, locale: str) -> None:
    c: ChatClient = chat("typist", locale)
    await c.command("start")
    register = next(b for b in c.buttons() if b.payload.endswith(".claim"))
    await c.send(typed_label(register.label))
    assert c.payloads() == ["nav:cancel"]  # the claim's serial question
    await c.send("KT1-0001")
    leaks = next(b for b in c.buttons() if b.payload.endswith("cat:leak"))
    await c.send(typed_label(leaks.label))
    assert "media:skip" not in c.payloads() and "cat:leak" not in c.payloads()  # description
    await c.send("water comes out of the bottom")
    assert "media:skip" in c.payloads()
    await c.send("1")  # the first button: Skip
    last = c.replies[-1]
    assert isinstance(last, Say) and last.request is Request.PHONE  # the phone question


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_a_serial_with_typos_inside_a_sentence(chat, locale: str) -> None:
    c: ChatClient = chat("typo", locale)
    await c.command("claim")
    await c.send(TYPO_SERIALS[locale])
    assert "Aqua 700" in c.text and "cat:leak" in c.payloads()


async def test_a_letter_o_for_a_zero_beside_letters_finds_the_unit(chat) -> None:
    c: ChatClient = chat("serial-letter-o")
    await c.command("claim")
    await c.send("WM70O-FRESH")  # O typed for 0 in the digits, next to a group of letters
    assert "Found it: Aqua 700 washing machine." in c.text and "couldn't find" not in c.text


async def test_my_serial_is_takes_the_serial(chat) -> None:
    c: ChatClient = chat("serial-sentence")
    await c.command("claim")
    await c.send("my serial is WM700-FRESH")
    assert "Found it: Aqua 700 washing machine." in c.text and "MYSERIALIS" not in c.text


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_unsure_asks_with_the_two_likeliest_options(chat, locale: str) -> None:
    c: ChatClient = chat("unsure", locale)
    await c.command("start")
    await c.send("WM700-0001")  # a serial alone: a defect, or the warranty?
    assert sorted(b.payload for b in c.buttons()) == ["g.u.go:claim", "g.u.go:warranty"]
    await c.choose("g.u.go:warranty")
    assert "Aqua 700" in c.text and "WM700-0001" in c.text  # the warranty answer at once
    assert {"claim", "menu"} <= set(c.payloads())  # the step after the answer
    await c.send(REGISTER_WORDS[locale])  # the item just checked is the one
    assert "cat:leak" in c.payloads()


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_another_script_offers_its_language(chat, locale: str) -> None:
    c: ChatClient = chat("foreign", locale)
    await c.command("start")
    await c.send(FOREIGN[locale])
    target = SWITCH_TO[locale]
    assert SCRIPTS[target].search(c.text)  # asked in the language the customer writes
    offered = [b.payload for b in c.buttons()]
    assert offered == [f"g.u.lang:{target}", "g.u.stay"]
    await c.choose(f"g.u.lang:{target}")
    assert SCRIPTS[target].search(c.text)
    assert c.payloads() == ["nav:cancel"]  # the claim begun, at its serial question


async def test_mid_flow_another_question_offers_to_switch_and_later_answers_are_kept(
    chat,
) -> None:
    c: ChatClient = chat("switcher")
    number = await register_quick_claim(c)
    await c.command("claim")
    await c.send("KT1-0001")
    await c.send(f"what about {number}?")
    assert "leave this" in c.text and "g.u.stay" in [b.payload for b in c.buttons()]
    await c.choose("g.u.stay")
    assert "cat:leak" in c.payloads()  # back at the category question
    await c.send("my number is +7 916 000-11-22")
    assert "later" in c.text and "cat:leak" in c.payloads()
    await c.choose("cat:leak")
    await c.send("it leaks under the kettle")
    await c.choose("media:skip")
    assert any(p.startswith("rem:") for p in c.payloads())  # the phone step answered already


async def test_a_photo_with_words_at_the_menu_starts_a_claim_with_both(
    chat, seeded: SessionFactory, tmp_path: Path
) -> None:
    c: ChatClient = chat("captioned")
    await c.command("start")
    stored = await store_bytes(png_bytes(3), tmp_path / "media", 20 << 20, "leak.png", now=NOW)
    photo = MediaItem(
        MediaKind.PHOTO, stored.path, stored.sha256, stored.size, stored.content_type, "leak.png"
    )
    await c.send_content(Media((photo,), caption="my kettle KT1-0001 leaks from the bottom"))
    assert "Boil 1 kettle" in c.text and "media:done" in c.payloads()  # the photo is counted
    await c.choose("media:done")
    await c.send("+7 916 123-45-67")
    await c.choose("rem:repair")
    await c.choose("confirm")
    async with seeded() as session:
        claim = await session.scalar(select(Claim).options(selectinload(Claim.attachments)))
    assert claim is not None and claim.description == "my kettle KT1-0001 leaks from the bottom"
    assert [a.sha256 for a in claim.attachments] == [stored.sha256]


async def test_a_defect_typed_at_the_category_question_is_its_answer(chat, seeded) -> None:
    c: ChatClient = chat("typed-category")
    await c.command("claim")
    await c.send("KT1-0001")
    assert "cat:leak" in c.payloads()
    await c.send("it leaks")
    assert "no longer active" not in c.text
    assert "cat:leak" not in c.payloads()  # on to the description
