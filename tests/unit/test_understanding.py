"""The understanding step's parts: numbers, dates relative to the clock, typed button labels."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.understanding import Intent, Script, pressed, understand
from dialogs.understanding.dates import find_date, offered_day
from dialogs.understanding.numbers import claim_numbers, phones, serials
from dialogs.understanding.times import offered_window
from dialogs.validation import display_phone
from tests.support.clock import TODAY

OTHER_DAY = date(2027, 2, 10)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("bought it last March", TODAY, date(2026, 3, 1)),
        ("bought it last March", OTHER_DAY, date(2026, 3, 1)),
        ("в марте прошлого года", TODAY, date(2025, 3, 1)),
        ("в марте прошлого года", OTHER_DAY, date(2026, 3, 1)),
        ("작년 3월에", TODAY, date(2025, 3, 1)),
        ("2 weeks ago", TODAY, date(2026, 11, 13)),
        ("две недели назад", OTHER_DAY, date(2027, 1, 27)),
        ("вчера", TODAY, date(2026, 11, 26)),
        ("어제", OTHER_DAY, date(2027, 2, 9)),
        ("14.03.2025", TODAY, date(2025, 3, 14)),
        ("2025년 3월 5일", TODAY, date(2025, 3, 5)),
        ("in December", TODAY, date(2025, 12, 1)),
        # half a year is six months, not the year its word ends with (полгода, 반년)
        ("полгода назад", OTHER_DAY, date(2026, 8, 10)),
        ("half a year ago", OTHER_DAY, date(2026, 8, 10)),
        ("반년 전", OTHER_DAY, date(2026, 8, 10)),
        ("полтора года назад", OTHER_DAY, date(2025, 8, 10)),
        ("a year and a half ago", OTHER_DAY, date(2025, 8, 10)),
        ("год назад", OTHER_DAY, date(2026, 2, 10)),
        # a season names no month: asked again, not guessed as "a year ago"
        ("купил прошлым летом", OTHER_DAY, None),
        ("작년 여름", OTHER_DAY, None),
        ("last summer", OTHER_DAY, None),
        ("it had a fall 2 weeks ago", OTHER_DAY, date(2027, 1, 27)),
        ("may I ask something", TODAY, None),
        ("the market is closed", TODAY, None),
    ],
)
def test_dates_are_read_relative_to_the_clock(text: str, today: date, expected: date) -> None:
    assert find_date(text, today) == expected


def test_serials_inside_sentences_with_typos_and_lookalikes() -> None:
    assert serials("hi my WM700-FRESH leaks") == ["WM700-FRESH"]
    assert serials("its wm700-OOO1 i think") == ["WM700-0001"]
    # A letter O typed for a zero beside a group of letters: only the digit group is repaired.
    assert serials("WM70O-FRESH") == ["WM700-FRESH"]
    assert serials("serial wm7OO-fresh please") == ["WM700-FRESH"]
    assert serials("номер WМ700-0003") == ["WM700-0003"]  # a Cyrillic М inside
    assert serials("serial kt1 0002") == ["KT1-0002"]
    assert serials("스티커에 SP9-0002라고") == ["SP9-0002"]
    assert serials("claim WR-2026-000012 bought 14.03.2025 in 2025") == []


def test_claim_and_phone_numbers() -> None:
    assert claim_numbers("status of wr 2026 12?") == ["WR-2026-000012"]
    assert phones("call me on 8 916 555 44 33", "RU") == ["+79165554433"]
    assert phones("claim WR-2026-000012 of 14.03.2025", "RU") == []


def test_intents_and_scripts() -> None:
    heard = understand("WM700-FRESH leaks from under the door", TODAY)
    assert (heard.intent, heard.confident, heard.category) == (Intent.REGISTER, True, "leak")
    assert understand("поговорить с оператором", TODAY).intent is Intent.HUMAN
    assert understand("a crack on the back", TODAY).intent is Intent.REGISTER
    assert understand("2 недели назад", TODAY).intent is Intent.NONE
    assert understand("취쇼", TODAY).intent is Intent.CANCEL  # 취소 with one letter wrong
    assert understand("отмна", TODAY).intent is Intent.CANCEL
    assert understand("warrenty?", TODAY).intent is Intent.WARRANTY
    assert understand("привет", TODAY).script is Script.CYRILLIC
    assert understand("WM700-0001 ok", TODAY).script is None
    serial_only = understand("WM700-0001", TODAY)
    assert not serial_only.confident
    assert {serial_only.intent, serial_only.runner_up} == {Intent.REGISTER, Intent.WARRANTY}


def test_typed_labels_and_numbers_press_buttons() -> None:
    labels = ["Doesn't turn on", "Leaks", "Screen or picture", "✖ Cancel"]
    assert pressed("leaks", labels) == 1
    assert pressed("screen or pictre", labels) == 2
    assert pressed("3", labels) == 2
    assert pressed("9", labels) is None
    assert pressed("cancel", labels) == 3
    assert pressed("it leaks from the door when washing", labels) is None
    assert pressed("no", ["No receipt: bank statement", "No receipt: other proof"]) is None


WEEK = [date(2026, 12, d) for d in (7, 8, 9, 10, 11, 12, 14, 15, 18)]  # offered from Sun Dec 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("в пятницу", date(2026, 12, 11)),
        ("friday please", date(2026, 12, 11)),
        ("금요일에 와주세요", date(2026, 12, 11)),
        ("завтра", date(2026, 12, 7)),
        ("the day after tomorrow", date(2026, 12, 8)),
        ("모레", date(2026, 12, 8)),
        ("11 декабря", date(2026, 12, 11)),
        ("11.12", date(2026, 12, 11)),
        ("12월 15일", date(2026, 12, 15)),
        ("december 18th", date(2026, 12, 18)),
        ("the 14th", date(2026, 12, 14)),
        ("на следующей неделе во вторник", date(2026, 12, 8)),
        ("в воскресенье", None),  # no Sunday is offered
        ("13 декабря", None),
        ("Moscow, Tverskaya 1", None),
    ],
)
def test_a_booking_day_named_in_words_is_one_of_those_offered(
    text: str, expected: date | None
) -> None:
    assert offered_day(text, WEEK, date(2026, 12, 6)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("утром", 0),
        ("in the morning", 0),
        ("오전 10시", 0),
        ("после обеда", 1),
        ("after lunch", 1),
        ("before lunch", 0),
        ("점심 후에", 1),
        ("오후", 1),
        ("at 3 pm", 1),
        ("в 3", 1),  # "at 3" for a pickup is the afternoon
        ("14:30", 1),
        ("вечером", 1),
        ("at 20:00", None),
        ("whenever", None),
    ],
)
def test_a_pickup_window_named_by_a_time(text: str, expected: int | None) -> None:
    assert offered_window(text, ["09:00-13:00", "13:00-18:00"]) == expected


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+79161234567", "+7 916 123-45-67"),
        ("+821012345678", "+82 10-1234-5678"),
        ("+4915123456789", "+49 1512 3456789"),
        ("not a number", "not a number"),
    ],
)
def test_a_stored_phone_number_is_shown_as_people_write_it(stored: str, shown: str) -> None:
    assert display_phone(stored) == shown
