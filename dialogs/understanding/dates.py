"""Dates as customers write them, in English, Russian and Korean, relative to the clock's today.

Explicit dates (14.03.2025, 2025-03-14, 14/03/25, 2025년 3월 14일, 14 марта 2025, March 14th),
relative days (today, yesterday, вчера, 어제, позавчера), "N days/weeks/months/years ago"
(2 weeks ago, 3 месяца назад, 2주 전), and months (last March, в марте прошлого года, 작년 3월에).
A month without a day means its first day; a month without a year is its latest past occurrence.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from dialogs.understanding.normalize import fold

MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"), 1
        )
    },
}
_EN_MONTH = (
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|t|tember|ober"
    r"|ember)?\b\.?"
)
_RU_MONTH = (
    r"(янв|фев|мар|апр|ма|июн|июл|авг|сен|окт|ноя|дек)(?:ар[ьяе]|рал[ьяе]|т|т[ае]|ел[ьяе]|[йяе]"
    r"|[ьяе]|уст|уст[ае]|тябр[ьяе]|ябр[ьяе]|абр[ьяе])\b"
)
_MONTH = rf"(?:{_EN_MONTH}|{_RU_MONTH})"
_NUMERIC = re.compile(r"(?<!\d)(\d{1,4})[./\-](\d{1,2})[./\-](\d{2,4})(?!\d)")
_KO_FULL = re.compile(r"(?:(\d{2,4})\s*년\s*)?(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?")
_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|-?го|-?е)?\s+(?:of\s+)?{_MONTH}(?:\s+(\d{{4}}))?"
)
_MONTH_DAY = re.compile(
    rf"(?<![a-zа-я]){_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
)
# A month alone: English needs a word before it, so "may I ask" is no date.
_ALONE = rf"^(?={_EN_MONTH.replace('(jan', '(?:jan')}(?:\s+\d{{4}})?$)"
_BEFORE_MONTH = r"\b(?:in|last|since|of|early|late|mid|around|this|about|from)\s+"
_MONTH_ONLY = re.compile(
    rf"(?:(?:{_ALONE}|{_BEFORE_MONTH}){_EN_MONTH}"
    rf"|(?<![a-zа-я\d]){_RU_MONTH})(?:\s+(\d{{4}}))?"
)
_AGO = re.compile(
    r"(?:(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|few|пару|один"
    r"|одну|два|две|три|четыре|пять|несколько|한|두|세|몇)\s*)?"
    # the unit starts a word: "полгода" is half a year, not a year
    r"(?<![a-zа-я])(day|week|month|year|дн|ден|недел|месяц|мес|год|лет|일|주|개월|달|년)[a-zа-я]*\s*"
    r"(ago|назад|전)"
)
# Half a year and a year and a half, before "a year ago" could read them.
_HALVES = (
    (
        re.compile(r"(?:a\s+)?year\s+and\s+a\s+half\s+ago|полтора\s+года\s+назад|1\s*년\s*반\s*전"),
        18,
    ),
    (re.compile(r"half\s+a\s+year\s+ago|пол\s*года\s+назад|반\s*년\s*전"), 6),
)
# A season names no month: asked again rather than guessed ("작년 여름" is not a year ago).
_SEASONS = re.compile(
    r"\b(?:last|this|in|during|early|late|past)\s+(?:spring|summer|autumn|fall|winter)\b"
    r"|(?<![a-zа-я])(?:весной|летом|осенью|зимой)(?![a-zа-я])|봄에|여름에|가을에|겨울에|작년\s*(?:봄|여름|가을|겨울)"
)
_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a couple of": 2,
    "few": 3,
    "пару": 2,
    "полгода": 6,
    "один": 1,
    "одну": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "несколько": 3,
    "한": 1,
    "두": 2,
    "세": 3,
    "몇": 3,
}
_RU_AGO_WORDS = re.compile(r"(пару|неделю|месяц|год|полгода)\s+назад")
_KO_AGO_WORDS = re.compile(r"(한|두|세|몇)\s*(달|주|해)\s*전")
_KO_COUNTS = {"한": 1, "두": 2, "세": 3, "몇": 3}
RELATIVE_DAYS = {
    "today": 0,
    "yesterday": 1,
    "day before yesterday": 2,
    "сегодня": 0,
    "вчера": 1,
    "позавчера": 2,
    "오늘": 0,
    "어제": 1,
    "그제": 2,
    "그저께": 2,
}
_LAST_YEAR = re.compile(r"last year|прошл\w* год\w*|в прошлом году|작년|지난해|지난 해")
_THIS_YEAR = re.compile(r"this year|этого года|в этом году|올해|금년")
_LAST_MONTH = re.compile(
    r"last month|в прошлом месяце|прошлого месяца|지난달|지난 달|저번 달|저번달"
)
_LAST_WEEK = re.compile(r"last week|на прошлой неделе|прошлой неделе|지난주|지난 주|저번 주|저번주")


def _unit(word: str) -> str:
    if word.startswith(("day", "дн", "ден", "일")):
        return "d"
    if word.startswith(("week", "недел", "주")):
        return "w"
    if word.startswith(("month", "месяц", "мес", "개월", "달")):
        return "m"
    return "y"


def _shift(today: date, count: int, unit: str) -> date:
    if unit == "d":
        return today - timedelta(days=count)
    if unit == "w":
        return today - timedelta(weeks=count)
    months = count * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, monthrange(year, month + 1)[1]))


def _month_number(name: str) -> int:
    for prefix, number in MONTHS.items():
        if name.startswith(prefix):
            return number
    raise ValueError(name)


def _year(raw: str | None, today: date) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _past_month(month: int, day: int, year: int | None, today: date, text: str) -> date | None:
    """A month (and day) with no year: the latest occurrence not after today."""
    if year is None and _LAST_YEAR.search(text):
        year = today.year - 1
    if year is None and _THIS_YEAR.search(text):
        year = today.year
    if year is None:
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    return _safe(year, month, day)


def _numeric(text: str, today: date) -> date | None:
    match = _NUMERIC.search(text)
    if not match:
        return None
    a, b, c = match.groups()
    if len(a) == 4:
        return _safe(int(a), int(b), int(c))
    return _safe(_year(c, today) or today.year, int(b), int(a))


def _named(text: str, today: date) -> date | None:
    if match := _KO_FULL.search(text):
        year, month, day = match.groups()
        return _past_month(int(month), int(day or 1), _year(year, today), today, text)
    if match := _DAY_MONTH.search(text):
        day, en, ru, year = match.groups()
        return _past_month(_month_number(en or ru), int(day), _year(year, today), today, text)
    if match := _MONTH_DAY.search(text):
        en, ru, day, year = match.groups()
        return _past_month(_month_number(en or ru), int(day), _year(year, today), today, text)
    if match := _MONTH_ONLY.search(text):
        en, ru, year = match.groups()
        return _past_month(_month_number(en or ru), 1, _year(year, today), today, text)
    return None


def _relative(text: str, today: date) -> date | None:
    for pattern, months in _HALVES:
        if pattern.search(text):
            return _shift(today, months, "m")
    if _SEASONS.search(text):
        return None
    if match := _AGO.search(text):
        raw, unit, _ = match.groups()
        count = int(raw) if raw and raw.isdigit() else _WORD_NUMBERS.get(raw or "a", 1)
        return _shift(today, count, _unit(unit))
    if match := _RU_AGO_WORDS.search(text):
        word = match.group(1)
        count = {"пару": 2, "полгода": 6}.get(word, 1)
        unit = {"неделю": "w", "год": "y", "пару": "w"}.get(word, "m")
        return _shift(today, count, unit)
    if match := _KO_AGO_WORDS.search(text):
        amount, period = match.groups()
        return _shift(today, _KO_COUNTS[amount], {"달": "m", "주": "w", "해": "y"}[period])
    for phrase, back in sorted(RELATIVE_DAYS.items(), key=lambda item: -len(item[0])):
        if phrase in text:
            return today - timedelta(days=back)
    if _LAST_WEEK.search(text):
        return today - timedelta(weeks=1)
    if _LAST_MONTH.search(text):
        return _shift(today, 1, "m")
    if _LAST_YEAR.search(text):
        return _shift(today, 1, "y")
    return None


def find_date(text: str, today: date) -> date | None:
    """The first date the text names, or None."""
    folded = fold(text)
    return _numeric(folded, today) or _named(folded, today) or _relative(folded, today)


# Days ahead, for a booking: weekday names in their usual forms, and the next days by word.
_WEEKDAYS = (
    (0, r"\bmon(?:day)?\b|понедельн\w*|(?<![a-zа-я])пн(?![a-zа-я])|월요일"),
    (1, r"\btue(?:s|sday)?\b|вторн\w*|(?<![a-zа-я])вт(?![a-zа-я])|화요일"),
    (
        2,
        r"\bwed(?:nesday)?\b|(?<![a-zа-я])сред[уаы](?![a-zа-я])|(?<![a-zа-я])ср(?![a-zа-я])|수요일",
    ),
    (3, r"\bthu(?:rs|rsday)?\b|четверг\w*|(?<![a-zа-я])чт(?![a-zа-я])|목요일"),
    (4, r"\bfri(?:day)?\b|пятниц\w*|(?<![a-zа-я])пт(?![a-zа-я])|금요일"),
    (5, r"\bsat(?:urday)?\b|суббот\w*|(?<![a-zа-я])сб(?![a-zа-я])|토요일"),
    (6, r"\bsun(?:day)?\b|воскресен\w*|(?<![a-zа-я])вс(?![a-zа-я])|일요일"),
)
_WEEKDAY_PATTERNS = tuple((number, re.compile(pattern)) for number, pattern in _WEEKDAYS)
DAYS_AHEAD = {
    "day after tomorrow": 2,
    "tomorrow": 1,
    "today": 0,
    "послезавтра": 2,
    "завтра": 1,
    "сегодня": 0,
    "모레": 2,
    "내일": 1,
    "오늘": 0,
}
_NEXT_WEEK = re.compile(r"next week|на следующей неделе|следующ\w* недел\w*|다음\s*주")
_DAY_ALONE = re.compile(r"^\D*?(\d{1,2})(?:st|nd|rd|th|-?го|-?е|\s*일)?\D*$")


def offered_day(text: str, offered: list[date], today: date) -> date | None:
    """The first of the `offered` days that the text names: a weekday ("в пятницу", "friday",
    "금요일", the one of next week after "next week"), a day by word ("завтра", "tomorrow",
    "내일"), a date with or without its month ("11 декабря", "11.12", "12월 11일", "the 11th");
    None when it names none of them."""
    if not offered:
        return None
    folded = fold(text)
    for phrase, ahead in DAYS_AHEAD.items():
        if phrase in folded:
            wanted = today + timedelta(days=ahead)
            return wanted if wanted in offered else None
    later = _NEXT_WEEK.search(folded) is not None
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    for weekday, pattern in _WEEKDAY_PATTERNS:
        if pattern.search(folded):
            days = [d for d in offered if d.weekday() == weekday and (not later or d >= monday)]
            return days[0] if days else None
    named = _named_day_month(folded)
    if named is not None:
        return next((d for d in offered if (d.month, d.day) == named), None)
    if match := _DAY_ALONE.match(folded):
        number = int(match.group(1))
        return next((d for d in offered if d.day == number), None)
    return None


def _named_day_month(text: str) -> tuple[int, int] | None:
    """(month, day) of a date written with its month, the year left out or not."""
    if match := _KO_FULL.search(text):
        _, month, day = match.groups()
        return (int(month), int(day)) if day else None
    if match := _DAY_MONTH.search(text):
        day, en, ru, _ = match.groups()
        return _month_number(en or ru), int(day)
    if match := _MONTH_DAY.search(text):
        en, ru, day, _ = match.groups()
        return _month_number(en or ru), int(day)
    if match := re.search(r"(?<!\d)(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?(?!\d)", text):
        day, month, _ = match.groups()
        return int(month), int(day)
    return None
