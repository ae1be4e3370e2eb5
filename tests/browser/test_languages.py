"""The chat in Russian and Korean: page strings, the dialog and the language switcher."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chat_page import ChatPage, register_defect, texts_match
from tests.support.browser import LiveServer

pytestmark = pytest.mark.browser

SCRIPTS = {"ru": re.compile(r"[А-Яа-яЁё]"), "ko": re.compile(r"[가-힣]")}
PAGE_STRINGS = {
    "ru": {"send": "Отправить", "placeholder": "Напишите сообщение…", "status": "На связи"},
    "ko": {"send": "보내기", "placeholder": "메시지를 입력하세요…", "status": "상담 가능"},
}


@pytest.mark.parametrize(
    ("locale", "how"),
    [("ru", "query"), ("ko", "accept-language")],
    ids=["ru-by-lang-parameter", "ko-by-accept-language"],
)
def test_greeting_buttons_and_a_claim_in_the_customers_language(
    new_page: Any, live_server: LiveServer, shot: Any, locale: str, how: str
) -> None:
    if how == "query":  # an English browser opening a link to the Russian chat
        page = new_page(f"/?lang={locale}", locale="en-US")
    else:
        page = new_page("/", locale="ko-KR")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    script = SCRIPTS[locale]
    assert page.locator("html").get_attribute("lang") == locale
    greeting = chat.bot_texts()[0]
    assert script.search(greeting) and "Acme Appliances" in greeting, greeting
    assert len(chat.buttons()) == 6 and texts_match(script, chat.buttons()), chat.buttons()
    strings = PAGE_STRINGS[locale]
    assert page.locator("#send").get_attribute("aria-label") == strings["send"]
    assert page.locator("#message-input").get_attribute("placeholder") == strings["placeholder"]
    assert page.locator("#status").inner_text() == strings["status"]
    assert script.search(page.title())
    shot(page, "greeting")

    number = register_defect(chat, shot, with_photo=False)
    assert texts_match(script, chat.bot_texts()), chat.bot_texts()
    assert script.search(chat.bot_texts()[-1])
    [claim] = [c for c in live_server.claims() if c["number"] == number]
    assert claim["locale"] == locale and claim["attachments"] == 0
    assert not page.errors


def test_language_switcher_changes_the_dialog_and_the_page(new_page: Any, shot: Any) -> None:
    page = new_page("/", locale="en-US")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    switcher = page.get_by_role("navigation", name="Language")
    assert switcher.get_by_role("link").all_inner_texts() == ["English", "Русский", "한국어"]
    assert switcher.get_by_role("link", name="English").get_attribute("aria-current") == "true"

    with page.expect_navigation(url=re.compile(r"\?lang=ko$")):
        switcher.get_by_role("link", name="한국어").click()
    chat.wait_for_greeting()
    script = SCRIPTS["ko"]
    assert page.locator("html").get_attribute("lang") == "ko"
    assert (
        page.get_by_role("navigation", name="언어")
        .get_by_role("link", name="한국어")
        .get_attribute("aria-current")
        == "true"
    )
    assert script.search(chat.bot_texts()[-2])  # "Done: I'll write in Korean." in Korean
    assert texts_match(script, chat.buttons()) and len(chat.buttons()) == 6
    shot(page, "switched")

    # Opened again without ?lang=, the page follows the language of the conversation.
    page.goto("/")
    page.wait_for_url(re.compile(r"\?lang=ko$"))
    chat.wait_for_greeting()
    assert page.locator("#send").get_attribute("aria-label") == PAGE_STRINGS["ko"]["send"]
    chat.choose("claim")
    assert script.search(chat.bot_texts()[-1])
    assert not page.errors
