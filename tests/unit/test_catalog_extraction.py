"""Every message marked in the code reaches the catalogs: nothing is left in English by accident.

Babel's extractor skips a marked message nested in another call inside a translating call
(`t(LABELS.get(key, N_("…")))`); such a message is missing from `messages.pot`, so every
language shows it in English. This test reads every `N_("…")` in the code and looks for it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("backend", "dialogs", "bot")


def _marked() -> dict[str, str]:
    """Each `N_("…")` message of the code, with where it stands."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "N_"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(node.args[0].value, where)
    return found


def test_every_marked_message_is_in_the_template() -> None:
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    missing = {where: text for text, where in _marked().items() if text not in template}
    assert not missing, f"marked but not extracted (move them out of the nested call): {missing}"
