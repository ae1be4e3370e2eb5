"""Every user-facing string exists in en, ru and ko, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from backend.i18n import LOCALES, locales_dir

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "N_": None,
    "t": None,
    "tn": (1, 2),
    "gettext_for": (2,),
    "ngettext_for": (2, 3),
    "ngettext": (1, 2),
}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _source_ids() -> set[str]:
    ids: set[str] = set()
    for package in ("backend", "dialogs", "bot"):
        method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=method_map, keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_template_lists_every_message_in_the_source() -> None:
    template = {_key(m) for m in _read(locales_dir() / "messages.pot") if m.id}
    missing = _source_ids() - template
    assert not missing, (
        f"run the catalog update (docs/operations.md); missing: {sorted(missing)[:5]}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_complete_and_placeholders_match(locale: str) -> None:
    template = {_key(m) for m in _read(locales_dir() / "messages.pot") if m.id}
    catalog = _read(locales_dir() / locale / "LC_MESSAGES" / "messages.po")
    messages = {_key(m): m for m in catalog if m.id}
    assert template <= set(messages), f"{locale} misses {sorted(template - set(messages))[:5]}"
    for key in template:
        message = messages[key]
        assert not message.fuzzy, f"{locale}: fuzzy entry {key!r}"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"{locale}: untranslated {key!r}"
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == expected, f"{locale}: placeholders of {key!r}"
