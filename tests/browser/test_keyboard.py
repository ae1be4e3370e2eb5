"""The chat's options from the keyboard: one Tab stop per group, arrow keys in reading order."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.chat_page import ACTIVE_CHOICE, ChatPage

pytestmark = pytest.mark.browser


def focused_payload(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.dataset.payload || ''"))


def test_options_are_one_tab_stop_and_the_arrows_walk_them_in_order(new_page: Any) -> None:
    page = new_page("/")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    menu = page.locator(ACTIVE_CHOICE).evaluate_all("(nodes) => nodes.map(n => n.dataset.payload)")
    page.locator("#message-input").focus()
    presses = 0
    while not focused_payload(page) and presses < 5:
        page.keyboard.press("Shift+Tab")
        presses += 1
    assert focused_payload(page) == menu[0]
    assert presses == 2, "past the attach button, the options are the next stop"
    walked = [focused_payload(page)]
    for _ in range(len(menu) - 1):
        page.keyboard.press("ArrowDown")
        walked.append(focused_payload(page))
    assert walked == menu
    page.keyboard.press("ArrowDown")
    assert focused_payload(page) == menu[0], "the arrows wrap around"
    page.keyboard.press("End")
    assert focused_payload(page) == menu[-1]
    page.keyboard.press("ArrowLeft")
    assert focused_payload(page) == menu[-2]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Tab")
    assert focused_payload(page) == "", "Tab leaves the group instead of walking every option"
    page.keyboard.press("Shift+Tab")
    assert focused_payload(page) == menu[-3], "the group remembers the option last reached"
    tabbable = page.locator(f"{ACTIVE_CHOICE}[tabindex='0']").count()
    assert tabbable == 1
