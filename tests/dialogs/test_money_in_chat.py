"""Money in the chat carries its currency, written the customer's way: the paid repair quote,
the accepted quote in the summary, the refund of the price and the KR depreciated refund."""

from __future__ import annotations

from pathlib import Path

from backend.config import Settings
from backend.db.session import SessionFactory
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from tests.support.chat import ChatClient, claim_up_to_the_remedy
from tests.support.clock import suite_clock

PAST_WARRANTY = "WM700-0003"  # sold 2023-06-01 at the list price 45,990; warranty ended
JUST_BOUGHT = "WM700-0001"  # sold days ago: a refund of the price is still possible
NBSP = "\xa0"


def _client(
    sessions: SessionFactory, folder: Path, user: str, locale: str, **settings
) -> ChatClient:
    """A chat with the deployment `settings` describe (jurisdiction, CURRENCY)."""
    config = DialogConfig.from_settings(Settings(media_dir=folder / "media", **settings))
    engine = Engine(sessions, config, clock=suite_clock())
    return ChatClient(engine, user, folder / "media", locale)


async def test_ru_quote_and_summary_in_roubles(seeded, tmp_path: Path) -> None:
    c = _client(seeded, tmp_path, "ru-rub", "ru", jurisdiction="RU")
    await c.command("claim")
    await c.send(PAST_WARRANTY)
    assert f"платно: стоимость 5{NBSP}518,80{NBSP}₽" in c.text
    await c.choose("cat:noise")
    await c.send("Сильно шумит при отжиме")
    await c.choose("media:skip")
    await c.send("+79161112233")
    await c.choose("rem:paid_repair")
    assert f"Платный ремонт стоит 5{NBSP}518,80{NBSP}₽" in c.text
    await c.choose("quote:accept")
    assert f"5{NBSP}518,80{NBSP}₽" in c.text  # the accepted quote in the summary


async def test_kr_refund_and_quote_in_won(seeded, tmp_path: Path) -> None:
    c = _client(seeded, tmp_path, "kr-krw", "ko", jurisdiction="KR")  # no CURRENCY: the won
    await c.command("warranty")
    await c.send(PAST_WARRANTY)
    # 41 whole months used of 84: 45,990 − 22,447.50 + 4,599 (10%) = 28,141.50, no subunit
    assert "₩28,142" in c.text
    assert "견적: ₩30,000." in c.text  # the KR minimum of a paid repair
    await claim_up_to_the_remedy(c, PAST_WARRANTY, "탈수할 때 소음이 심합니다")
    await c.choose("rem:paid_repair")
    assert "유상 수리 비용은 ₩30,000이에요" in c.text
    assert "₩30,000" in await c.why()  # the company rule's minimum, too
    await c.choose("quote:accept")
    assert "수락한 견적: ₩30,000" in c.text


async def test_en_quote_in_the_configured_euro(seeded, tmp_path: Path) -> None:
    c = _client(seeded, tmp_path, "en-eur", "en", jurisdiction="RU", currency="eur")
    await claim_up_to_the_remedy(c, PAST_WARRANTY, "Drum makes a loud noise")
    await c.choose("rem:paid_repair")
    assert "A paid repair costs €5,518.80: diagnosis" in c.text
    await c.choose("quote:accept")
    assert "Accepted quote: €5,518.80" in c.text


async def test_en_refund_of_the_price_in_roubles(seeded, tmp_path: Path) -> None:
    c = _client(seeded, tmp_path, "en-rub", "en", jurisdiction="RU")
    await c.command("warranty")
    await c.send(JUST_BOUGHT)
    assert f"A refund returns the price paid: RUB{NBSP}45,990.00." in c.text
