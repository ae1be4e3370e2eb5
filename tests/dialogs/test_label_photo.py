"""A photo of the item's label gives the serial: a QR code, a Code 128 barcode, none at all."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from backend.catalog.label_codes import LabelCode
from backend.claims.models import Claim
from backend.db.session import SessionFactory
from dialogs import label_photo
from tests.support.chat import ChatClient
from tests.support.labels import blank_photo, code128_label, qr_label


async def _finish(c: ChatClient, category: str, description: str) -> None:
    await c.choose(f"cat:{category}")
    await c.send(description)
    await c.choose("media:skip")
    await c.send("+7 916 555 44 35")
    await c.choose("rem:repair")
    await c.choose("confirm")


async def _claim(session_factory: SessionFactory) -> Claim:
    async with session_factory() as session:
        [claim] = list(await session.scalars(select(Claim)))
    return claim


async def test_a_qr_code_on_the_label_gives_the_serial(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("qr-en", "en")
    await c.command("claim")
    assert "photo of the label" in c.text and "QR code" in c.text
    await c.photo_bytes(qr_label("https://service.example.com/w?sn=WM700-0001"))
    assert "The label says: serial number WM700-0001." in c.text
    assert "Found it: Aqua 700 washing machine." in c.text
    await _finish(c, "drum", "The drum does not turn, it only hums")
    claim = await _claim(seeded)
    assert (claim.serial, claim.defect_category) == ("WM700-0001", "drum")
    assert claim.unit_id is not None and claim.purchase_proof == "sales_registry"


async def test_a_code_128_barcode_on_the_label_gives_the_serial(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("bar-ru", "ru")
    await c.command("claim")
    assert "фото наклейки" in c.text
    await c.photo_bytes(code128_label("SP9-0001"))
    assert "На наклейке указан серийный номер SP9-0001." in c.text
    assert "Товар найден: Pocket 9 smartphone." in c.text
    await _finish(c, "camera", "Камера не фокусируется")
    claim = await _claim(seeded)
    assert (claim.serial, claim.defect_category) == ("SP9-0001", "camera")
    assert claim.unit_id is not None


async def test_a_photo_without_a_code_asks_to_type_or_send_a_sharper_one(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("blank-ko", "ko")
    await c.command("claim")
    await c.photo_bytes(blank_photo())
    assert "바코드나 QR 코드를 읽지 못했어요" in c.text
    assert "시리얼 번호를 보내 주세요" in c.text  # the question again
    await c.send("KT1-0001")
    await _finish(c, "heating", "물이 끓지 않아요")
    claim = await _claim(seeded)
    assert (claim.serial, claim.defect_category) == ("KT1-0001", "heating")


async def test_a_label_serial_not_in_the_sales_records_goes_on_by_model(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("unknown-label", "en")
    await c.command("claim")
    await c.photo_bytes(qr_label("4601234567890 ZX900-7777"))
    assert "I couldn't read a barcode" in c.text  # neither the whole content nor in the records
    await c.photo_bytes(qr_label("ZX900-7777"))
    assert "The label says: serial number ZX900-7777." in c.text
    assert "couldn't find ZX900-7777" in c.text and "Which model is it?" in c.text


async def test_reading_a_label_holds_up_no_other_customer(
    chat, seeded: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The photo is read before its step's transaction, which other customers' events share."""
    started, other_answered = threading.Event(), threading.Event()
    order: list[str] = []
    real = label_photo.read_label_codes

    def slow_read(path: Path) -> list[LabelCode]:
        started.set()
        order.append("decoded" if other_answered.wait(timeout=10) else "decoded, nobody answered")
        return real(path)

    monkeypatch.setattr(label_photo, "read_label_codes", slow_read)
    reader: ChatClient = chat("reader")
    other: ChatClient = chat("other")
    await reader.command("claim")
    await other.command("claim")
    reading = asyncio.create_task(reader.photo_bytes(qr_label("WM700-0001")))
    assert await asyncio.to_thread(started.wait, 10)
    await other.send("KT1-0001")
    order.append("other answered")
    other_answered.set()
    await reading
    assert order == ["other answered", "decoded"]
    assert "The label says: serial number WM700-0001." in reader.text
    assert "Boil 1 kettle" in other.text
