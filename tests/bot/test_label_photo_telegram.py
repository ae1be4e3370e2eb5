"""A label photo in Telegram, as a photo or as an uncompressed file, gives the serial."""

from __future__ import annotations

from sqlalchemy import select

from backend.claims.models import Claim
from backend.db.session import SessionFactory
from tests.bot.test_telegram_dialog import press, say
from tests.fakes.telegram_server import FakeTelegram
from tests.support.labels import blank_photo, code128_label, qr_label

USER, OTHER = 5101, 5102


async def test_a_label_photo_and_a_label_file_give_the_serial(
    fake_telegram: FakeTelegram, start_bot, seeded_db: SessionFactory
) -> None:
    fake = fake_telegram
    await start_bot()
    await say(fake, fake.command(USER, "claim", language_code="ru"), USER)
    assert "фото наклейки" in fake.texts_to(USER)[-1]
    (blank,) = fake.photos(USER, 1, data=blank_photo(), language_code="ru")
    await say(fake, blank, USER)
    assert any("Не удалось прочитать" in text for text in fake.texts_to(USER)[-2:])
    (label,) = fake.photos(USER, 1, data=code128_label("LP14-0001"), language_code="ru")
    await say(fake, label, USER)
    assert any("серийный номер LP14-0001" in text for text in fake.texts_to(USER)[-3:])
    await press(fake, "cat:keyboard", USER)
    await say(fake, fake.text_message(USER, "Не работают клавиши", language_code="ru"), USER)
    await press(fake, "media:skip", USER)
    await say(fake, fake.contact(USER, "+79161234568", language_code="ru"), USER)
    await press(fake, "rem:repair", USER)
    await press(fake, "confirm", USER)

    await say(fake, fake.command(OTHER, "claim"), OTHER)
    document = fake.document(
        OTHER, qr_label("TV55-0001"), file_name="label.jpg", mime_type="image/jpeg"
    )
    await say(fake, document, OTHER)
    assert any("serial number TV55-0001" in text for text in fake.texts_to(OTHER)[-3:])
    async with seeded_db() as session:
        claims = {c.serial: c for c in await session.scalars(select(Claim))}
    assert claims["LP14-0001"].defect_category == "keyboard"
    assert claims["LP14-0001"].unit_id is not None
