"""The chat on a phone (390×844) in English, Russian and Korean, and the widget on another site.

The screenshots of the main steps go to docs/screenshots/ (see docs/phone-chat.md), so a reader
sees the conversation without running it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.chat_page import ACTIVE_CHOICE, ChatPage, register_defect
from tests.support.browser import LiveServer

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "has_touch": True}
LOCALES = ("en", "ru", "ko")
BROWSER_LOCALES = {"en": "en-US", "ru": "ru-RU", "ko": "ko-KR"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SLASH_COMMAND = re.compile(r"(?<![\w/])/[a-z]{3,}\b")
SHARE_WORDS = {"en": "share", "ru": "подел", "ko": "공유"}
STATUS_LINE = {"en": "Status: Under warranty", "ru": "Статус:", "ko": "상태:"}


def phone_page(new_page: Any, locale: str, path: str = "/") -> Any:
    return new_page(f"{path}?lang={locale}", locale=BROWSER_LOCALES[locale], **PHONE)


def screenshot(page: Any, name: str) -> None:
    """One step of the conversation at phone size, for the documentation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def visible_in_the_log(page: Any, selector: str) -> bool:
    """Whether the element's first line is inside the visible part of the message list."""
    return bool(
        page.evaluate(
            """selector => {
                const node = document.querySelector(selector);
                const list = document.getElementById('messages').getBoundingClientRect();
                const box = node.getBoundingClientRect();
                return box.top >= list.top - 1 && box.top + 24 <= list.bottom;
            }""",
            selector,
        )
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_verdict_of_a_warranty_answer_is_on_screen_when_it_arrives(
    new_page: Any, locale: str
) -> None:
    page = phone_page(new_page, locale)
    chat = ChatPage(page)
    chat.wait_for_greeting()
    assert page.locator(".topbar").bounding_box()["height"] <= 60
    chat.choose("claims")  # some history above, so the answer is not alone on the screen
    chat.choose("nav:cancel")
    chat.choose("warranty")
    chat.say("WM700-0001")
    verdict = "#messages .msg.out:has(details.reasons)"
    assert STATUS_LINE[locale] in page.locator(f"{verdict} .text").inner_text()
    assert visible_in_the_log(page, f"{verdict} .text"), "the verdict is scrolled into view"
    reasons = page.locator(f"{verdict} .reasons-text")
    assert reasons.is_hidden(), "the reasons are folded"
    screenshot(page, f"{locale}-1-verdict")
    page.locator(f"{verdict} summary").click()
    assert re.search(r"18|제18조", reasons.inner_text()), reasons.inner_text()  # the article
    screenshot(page, f"{locale}-2-why")
    assert not page.errors


@pytest.mark.parametrize("locale", LOCALES)
def test_the_web_never_names_a_slash_command_or_a_share_button(new_page: Any, locale: str) -> None:
    page = phone_page(new_page, locale)
    chat = ChatPage(page)
    chat.wait_for_greeting()
    chat.say("/help")
    chat.choose("claim")
    chat.say("WM700-0001")
    chat.choose("cat:leak")
    chat.say("Water on the floor after every wash")
    chat.choose("media:skip")  # the phone question
    screenshot(page, f"{locale}-3-phone")
    shown = page.locator("#messages").inner_text() + " ".join(chat.buttons())
    assert not SLASH_COMMAND.search(shown.replace("/help", "")), shown
    assert SHARE_WORDS[locale] not in shown.lower(), shown
    assert not page.errors


@pytest.mark.parametrize("locale", LOCALES)
def test_the_language_switch_posts_no_customer_message(new_page: Any, locale: str) -> None:
    page = phone_page(new_page, "en" if locale != "en" else "ru")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    chat.choose("warranty")
    before = page.locator("#messages .msg.in .text").all_inner_texts()
    with page.expect_navigation(url=re.compile(rf"\?lang={locale}$")):
        page.locator(f'.languages a[data-lang="{locale}"]').click()
    chat.wait_for_greeting()
    assert page.locator("html").get_attribute("lang") == locale
    after = page.locator("#messages .msg.in .text").all_inner_texts()
    assert after == before, after
    assert not any("/language" in text for text in after)
    assert not page.errors


def korean_breaks_inside_words(page: Any) -> list[str]:
    """The rendered lines of the bot's messages that end inside a word (range rects)."""
    return list(
        page.evaluate(
            """() => {
                const broken = [];
                for (const node of document.querySelectorAll('#messages .msg.out .text')) {
                    const text = node.firstChild;
                    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
                    const range = document.createRange();
                    let previousTop = null;
                    for (let i = 0; i < text.length; i++) {
                        range.setStart(text, i);
                        range.setEnd(text, i + 1);
                        const rects = range.getClientRects();
                        if (!rects.length) continue;
                        const top = Math.round(rects[0].top);
                        const before = text.data[i - 1] || ' ';
                        if (previousTop !== null && top > previousTop + 2
                            && !/[\\s\\-–—/·.,:;!?)]/.test(before)
                            && /[가-힣]/.test(before) && /[가-힣]/.test(text.data[i])) {
                            broken.push(text.data.slice(Math.max(0, i - 6), i) + '|'
                                + text.data.slice(i, i + 6));
                        }
                        previousTop = top;
                    }
                }
                return broken;
            }"""
        )
    )


def test_korean_wraps_between_words_not_inside_them(new_page: Any) -> None:
    page = phone_page(new_page, "ko")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    chat.choose("warranty")
    chat.say("WM700-0001")
    chat.choose("claim")
    style = page.locator("#messages .msg.out .text").last.evaluate(
        "node => getComputedStyle(node).wordBreak"
    )
    assert style == "keep-all"
    assert korean_breaks_inside_words(page) == []
    screenshot(page, "ko-4-line-breaks")
    assert not page.errors


def test_a_pickup_booking_says_what_happens_next_and_offers_a_calendar_file(
    new_page: Any,
) -> None:
    page = phone_page(new_page, "en")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    number = register_defect(chat, lambda *_: None, with_photo=False)
    chat.choose("transport")
    chat.choose("pickup")
    chat.say("Moscow, Tverskaya 1, flat 5")
    days = chat.buttons()
    assert re.match(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ", days[0])
    for fragment in (".day:", ".slot:", ".loaner:no", ".book"):
        before = chat.bot_count()
        page.locator(f'{ACTIVE_CHOICE}[data-payload*="{fragment}"]').first.click()
        chat.wait_for_answer(before)
    text = chat.all_text()
    assert "The courier comes on" in text and "calls you before arriving" in text
    assert number in text and "Talk to a person" in text
    link = page.locator('#messages a.document-name[download$=".ics"]')
    screenshot(page, "en-5-booked")
    calendar = page.request.get(link.get_attribute("href"))
    assert calendar.status == 200 and calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in calendar.text() and number in calendar.text()
    stranger = new_page("/")  # another visitor: the same link opens nothing
    assert stranger.request.get(link.get_attribute("href")).status == 403
    assert not page.errors


def test_a_site_on_another_origin_embeds_the_widget_and_a_claim_goes_through_it(
    new_page: Any, live_server: LiveServer
) -> None:
    page = new_page(live_server.other_site + "/", **PHONE)
    launcher = page.locator(".warranty-chat-launcher")
    launcher.wait_for()
    assert page.locator(".warranty-chat-greeting").inner_text().startswith("Questions about")
    colour = launcher.evaluate("node => getComputedStyle(node).backgroundColor")
    assert colour == "rgb(11, 92, 173)"  # WIDGET_COLOR's default, #0b5cad
    screenshot(page, "widget-1-launcher")
    launcher.click()
    frame = page.locator("iframe.warranty-chat-frame").element_handle().content_frame()
    assert frame is not None
    chat = ChatPage(frame)
    chat.wait_for_greeting()
    screenshot(page, "widget-2-open")
    number = register_defect(chat, lambda *_: None, with_photo=False)
    screenshot(page, "widget-3-registered")
    assert number in [claim["number"] for claim in live_server.claims()]
    assert not page.errors
