"""Extract every message from the source into messages.pot and merge it into en, ru and ko.

Usage: python locales/update_catalogs.py   (then translate the new entries in ru and ko)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent
ROOT = LOCALES_DIR.parent
KEYWORDS = ["t", "tn:1,2", "N_", "gettext_for:2", "ngettext_for:2,3"]


def pybabel(*args: str) -> None:
    """Run one pybabel command from the repository root."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def main() -> None:
    """Extract, update the catalogs, complete the English one."""
    keyword_args = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    pybabel(
        "extract",
        "-F",
        "locales/babel.cfg",
        *keyword_args,
        "--no-location",
        "--sort-output",
        "--project=warranty-intake",
        "-o",
        "locales/messages.pot",
        ".",
    )
    pybabel(
        "update",
        "-i",
        "locales/messages.pot",
        "-d",
        "locales",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    subprocess.run([sys.executable, str(LOCALES_DIR / "fill_english.py")], check=True)


if __name__ == "__main__":
    main()
