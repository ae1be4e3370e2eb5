"""The embeddable chat: `<script src="https://chat.example.com/widget.js" defer></script>`.

The script puts a launcher button on the host page and opens the customer chat (`/?embed=1`)
in a frame, in the company's colour with its greeting. Only the sites listed in
WIDGET_ALLOWED_ORIGINS may frame the chat (CSP `frame-ancestors`, backend/web/headers.py).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.i18n import LOCALES, N_, gettext_for
from backend.web.state import app_state

router = APIRouter()
SCRIPT = Path(__file__).resolve().parent / "static" / "widget.js"
CONFIG_MARK = "/*CONFIG*/{}"
GREETING = N_("Questions about a repair or the warranty? Write to us.")
OPEN = N_("Open the chat with {company}")


@lru_cache(maxsize=1)
def _script_source() -> str:
    return SCRIPT.read_text(encoding="utf-8")


def widget_config(request: Request) -> dict[str, object]:
    """What the script needs: where the chat is, the colour, the words in every language."""
    settings = app_state(request.app).settings
    words = {
        locale: {
            "greeting": settings.widget_greeting or gettext_for(locale, GREETING),
            "open": gettext_for(
                locale, N_("Open the chat with {company}"), company=settings.company_name
            ),
            "close": gettext_for(locale, N_("Close the chat")),
            "title": gettext_for(locale, N_("Warranty service chat")),
        }
        for locale in LOCALES
    }
    return {
        "chat": str(request.base_url).rstrip("/") + "/",
        "color": settings.widget_color,
        "locale": settings.default_locale,
        "words": words,
    }


@router.get("/widget.js", include_in_schema=False)
async def widget_script(request: Request) -> Response:
    """The widget's script with this site's settings built in."""
    config = json.dumps(widget_config(request), ensure_ascii=True)
    body = _script_source().replace(CONFIG_MARK, config, 1)
    return Response(
        body,
        media_type="text/javascript",
        headers={"cache-control": "public, max-age=300"},
    )
