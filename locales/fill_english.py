"""Make the English catalog complete: every msgstr equals its msgid (plural forms included).

Run after `pybabel update` (see docs/operations.md).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PATH = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "messages.po"


def main() -> None:
    """Copy msgids into empty English msgstrs and clear fuzzy flags."""
    with PATH.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        message.flags.discard("fuzzy")
    with PATH.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


if __name__ == "__main__":
    main()
