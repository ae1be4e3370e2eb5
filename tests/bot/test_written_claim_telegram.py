"""A written claim sent from Telegram as a PDF document, through the fake Bot API server."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from backend.claims.models import Attachment
from backend.claims.storage import verify
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.written_claims.models import WrittenClaim
from tests.fakes.telegram_server import FakeTelegram
from tests.support.clock import days
from tests.support.console import make_claim
from tests.support.telegram import button_data, last_with_button, settle

USER = 5077
LETTER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def press(fake: FakeTelegram, suffix: str) -> None:
    message = last_with_button(fake, USER, suffix)
    before = len(fake.sent)
    fake.push_update(fake.press_button(message, button_data(message, suffix)))
    await settle(fake, before)


async def say(fake: FakeTelegram, update: dict) -> None:
    before = len(fake.sent)
    fake.push_update(update)
    await settle(fake, before)


async def test_a_written_claim_arrives_as_a_telegram_document(
    fake_telegram: FakeTelegram, start_bot, seeded_db: SessionFactory, tmp_path: Path
) -> None:
    fake = fake_telegram
    claim = await make_claim(seeded_db, user=str(USER), channel=Channel.TELEGRAM)
    frontend = await start_bot()
    await say(fake, fake.command(USER, "status"))
    await press(fake, f"claim:{claim.id}")
    await press(fake, "written")
    assert "What does your written claim demand?" in fake.texts_to(USER)[-1]
    await press(fake, "demand:replace")
    await say(fake, fake.document(USER, LETTER, file_name="claim.pdf", caption="Replace it."))
    answer = next(t for t in reversed(fake.texts_to(USER)) if "registered" in t)
    assert f"Your written claim on claim {claim.number} is registered" in answer
    assert "Law 2300-1 art. 21 p.1" in answer
    async with seeded_db() as session:
        [written] = list(await session.scalars(select(WrittenClaim)))
        scan = await session.get(Attachment, written.attachment_id)
    assert (written.demand, written.source, written.text) == ("replace", "telegram", "Replace it.")
    assert written.due_on == days(7)
    assert scan is not None and scan.claim_id == claim.id and scan.content_type == "application/pdf"
    assert verify(tmp_path / "media" / scan.path, scan.sha256)
    await frontend.stop()
