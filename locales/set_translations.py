"""Set translations from a JSON file: {"ru": {"msgid": "text" | ["plural", "forms"]}, ...}.

Usage: python locales/set_translations.py translations.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALES_DIR = Path(__file__).resolve().parent


def apply(locale: str, mapping: dict[str, str | list[str]]) -> None:
    """Write each translation into the locale's catalog and clear its fuzzy flag."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    for msgid, value in mapping.items():
        message = catalog[msgid]
        if message is None:
            raise SystemExit(f"{locale}: no msgid {msgid!r} (run update_catalogs.py first)")
        message.string = tuple(value) if isinstance(value, list) else value
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)


def main() -> None:
    """Apply every locale of the JSON file given on the command line."""
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for locale, mapping in data.items():
        apply(locale, mapping)


if __name__ == "__main__":
    main()
