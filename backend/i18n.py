"""Translation: gettext catalogs from `locales/`, loaded from the `.po` sources at start-up.

`N_` marks a message for extraction without translating it; `translator(locale)` gives the
gettext functions of one language. Catalogs are compiled in memory from the `.po` files, so a
fresh checkout needs no build step and a stale `.mo` can never hide an edit.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("en", "ru", "ko")
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark `message` for extraction by Babel; return it unchanged."""
    return message


def locales_dir() -> Path:
    """Where the catalogs live: `LOCALES_DIR`, else those installed in the package (a wheel
    carries them as `backend/locales/`), else `locales/` of the checkout."""
    configured = os.environ.get("LOCALES_DIR")
    if configured:
        return Path(configured)
    installed = Path(__file__).resolve().parent / "locales"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "locales"


def pick_locale(candidate: str | None, default: str = "en") -> str:
    """The supported locale closest to `candidate` (`ru-RU` -> `ru`, `zh` -> default)."""
    if candidate:
        base = candidate.replace("_", "-").split("-")[0].lower()
        if base in LOCALES:
            return base
    return default if default in LOCALES else "en"


@lru_cache(maxsize=8)
def translator(locale: str) -> gettext.NullTranslations:
    """The gettext translations of `locale`; the identity for English or a missing catalog."""
    po_path = locales_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(locale: str, message: str, **params: object) -> str:
    """Translate `message` into `locale` and fill its named placeholders."""
    text = translator(locale).gettext(message)
    return text.format(**params) if params else text


def ngettext_for(locale: str, singular: str, plural: str, n: int, **params: object) -> str:
    """Translate a message with plural forms for count `n` and fill its placeholders."""
    text = translator(locale).ngettext(singular, plural, n)
    return text.format(n=n, **params)
