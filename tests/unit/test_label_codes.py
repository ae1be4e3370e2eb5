"""Which code contents are serial numbers, and the pixel bound of label decoding."""

from __future__ import annotations

from pathlib import Path

from backend.catalog.label_codes import LabelCode, plain_serial, read_label_codes, serials_in
from tests.fakes.images import bomb_png
from tests.support.labels import blank_photo, qr_label


def test_serials_are_found_in_links_and_labelled_fields() -> None:
    assert serials_in("WM700-0001") == ["WM700-0001"]
    assert "WM700-0001" in serials_in("https://service.example.com/w?sn=wm700-0001&x=1")
    assert "SP9-0002" in serials_in("SN: SP9-0002")


def test_only_a_whole_non_retail_code_with_a_digit_is_a_serial_by_itself() -> None:
    assert plain_serial(LabelCode("zx900-7777")) == "ZX900-7777"
    assert plain_serial(LabelCode("4601234567890", retail=True)) is None  # a shop's EAN-13
    assert plain_serial(LabelCode("SERVICE")) is None
    assert plain_serial(LabelCode("SN: ZX900-7777")) is None


def test_reading_is_bounded_and_quiet_on_anything_but_a_code(tmp_path: Path) -> None:
    label, blank, bomb, text = (tmp_path / n for n in ("l.jpg", "b.jpg", "bomb.png", "t.jpg"))
    label.write_bytes(qr_label("WM700-0002"))
    blank.write_bytes(blank_photo())
    bomb.write_bytes(bomb_png())
    text.write_bytes(b"not an image at all")
    assert read_label_codes(label) == [LabelCode("WM700-0002")]
    assert read_label_codes(blank) == []
    assert read_label_codes(bomb) == []  # over the pixel limit: never decoded
    assert read_label_codes(text) == []
