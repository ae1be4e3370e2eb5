"""A customer registers a defect in the web chat, on a desktop and on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.chat_page import MESSAGES, ChatPage, lowest_contrast, register_defect
from tests.support.browser import LiveServer

pytestmark = pytest.mark.browser


def assert_no_horizontal_scroll(page: Any) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('#messages').scrollWidth,"
        " document.querySelector('#messages').clientWidth]"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[3], widths


def assert_buttons_reachable(page: Any) -> None:
    """Every active button lies inside the viewport's width and is big enough to tap."""
    width = page.viewport_size["width"]
    for button in page.locator("#messages button.choice:not([disabled])").all():
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (button.inner_text(), box)
        assert box["height"] >= 44, (button.inner_text(), box)


def test_register_a_defect_with_a_photo_then_reload_and_continue(
    new_page: Any, live_server: LiveServer, shot: Any
) -> None:
    page = new_page("/")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    assert "Hello! I'm the warranty assistant of Acme Appliances." in chat.bot_texts()
    assert page.locator("h1").inner_text() == "Acme Appliances"
    assert page.locator("#status").inner_text() == "Online"
    assert "📝 Register a defect" in chat.buttons()
    assert page.locator("#messages").get_attribute("role") == "log"
    assert page.locator("#messages").get_attribute("aria-live") == "polite"
    assert page.locator("#messages [role=group] button.choice").count() == 6
    assert lowest_contrast(page) >= 4.5
    shot(page, "greeting")

    number = register_defect(chat, shot)
    assert f"Your claim {number} is registered." in chat.all_text()
    [claim] = [c for c in live_server.claims() if c["number"] == number]
    assert (claim["serial"], claim["defect_category"], claim["requested_remedy"]) == (
        "WM700-0001",
        "leak",
        "repair",
    )
    assert claim["contact_phone"] == "+79161234567" and claim["attachments"] == 1
    assert claim["description"] == "Water on the floor after every wash"
    # The customer's own messages are shown, with the label of each button pressed.
    customer = page.locator("#messages .msg.in .text").all_inner_texts()
    assert customer[:3] == ["📝 Register a defect", "WM700-0001", chat_label(page, "leak")]
    assert "📎 washer.png" in customer
    before = page.locator(MESSAGES).all_inner_texts()
    stale = page.locator("#messages button.choice[disabled]").count()

    page.reload()
    chat.wait_for_greeting()
    shot(page, "reloaded")
    after = page.locator(MESSAGES).all_inner_texts()
    assert len(after) == len(before)
    assert after[:2] == before[:2] and after[-3:] == before[-3:]
    assert "📎 Files sent: 1" in page.locator("#messages .msg.in .text").all_inner_texts()
    assert page.locator("#messages button.choice[disabled]").count() == stale
    assert chat.claim_number() == number

    chat.choose("menu")
    assert chat.bot_texts()[-1] == "How can I help you?"
    assert len(live_server.claims()) >= 1
    assert not page.errors
    shot(page, "continued")


def chat_label(page: Any, category: str) -> str:
    return str(
        page.locator(f'#messages button.choice[data-payload$=".cat:{category}"]').first.inner_text()
    )


def test_register_a_defect_on_a_phone_screen(
    new_page: Any, live_server: LiveServer, shot: Any
) -> None:
    page = new_page(
        "/",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="dark",
    )
    chat = ChatPage(page)
    chat.wait_for_greeting()
    assert_no_horizontal_scroll(page)
    assert_buttons_reachable(page)
    for control in ("#message-input", "#send", "#attach"):
        box = page.locator(control).bounding_box()
        assert box and box["y"] + box["height"] <= 844 and box["x"] + box["width"] <= 390
    assert lowest_contrast(page) >= 4.5  # in the dark colour scheme
    shot(page, "greeting")

    steps: list[str] = []

    def check(page: Any, step: str) -> None:
        assert_no_horizontal_scroll(page)
        assert_buttons_reachable(page)
        steps.append(step)
        shot(page, step)

    number = register_defect(chat, check)
    assert len(steps) == 6
    assert lowest_contrast(page) >= 4.5
    # A long unbroken text wraps inside its bubble instead of widening the page.
    chat.choose("menu")
    chat.say("A" * 300)
    assert_no_horizontal_scroll(page)
    assert [c for c in live_server.claims() if c["number"] == number]
    assert not page.errors
    shot(page, "long-text")
