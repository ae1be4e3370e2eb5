"""Text stays text, the chat works from the keyboard, and files are checked before upload."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.chat_page import ChatPage, photo

pytestmark = pytest.mark.browser

MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_markup_from_the_customer_and_the_server_is_shown_as_text(new_page: Any, shot: Any) -> None:
    page = new_page("/")
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    chat = ChatPage(page)
    chat.wait_for_greeting()
    chat.say("<script>alert(1)</script>")
    assert page.locator("#messages .msg.in .text").last.text_content() == (
        "<script>alert(1)</script>"
    )
    # The description comes back from the server inside the claim summary.
    chat.choose("claim")
    chat.say("WM700-0001")
    chat.choose("cat:leak")
    chat.say(MARKUP)
    chat.choose("media:skip")
    chat.say("+79161234567")
    chat.choose("rem:repair")
    assert f"Description: {MARKUP}" in chat.bot_texts()[-1]
    page.wait_for_timeout(200)
    shot(page, "summary")
    assert dialogs == []
    assert page.locator("#messages script, #messages img").count() == 0
    assert not page.errors


def test_keyboard_only(new_page: Any, shot: Any) -> None:
    page = new_page("/")
    chat = ChatPage(page)
    chat.wait_for_greeting()

    def focused(selector: str) -> bool:
        return bool(page.evaluate("s => document.activeElement.matches(s)", selector))

    def tab_to(selector: str, key: str = "Tab", limit: int = 25) -> None:
        for _ in range(limit):
            page.keyboard.press(key)
            if focused(selector):
                return
        raise AssertionError(f"{key} never reached {selector}")

    page.keyboard.press("Tab")
    assert focused(".skip-link")
    tab_to('button.choice[data-payload$=".claim"]')
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows where the focus is"
    shot(page, "focus-on-button")
    before = chat.bot_count()
    page.keyboard.press("Enter")
    chat.wait_for_answer(before)
    assert focused("#message-input"), "after pressing a button the focus goes to the message box"
    before = chat.bot_count()
    page.keyboard.type("WM700-0001")
    page.keyboard.press("Enter")
    chat.wait_for_answer(before)
    tab_to("button.choice:not([disabled])", key="Shift+Tab")  # one stop for the options
    tab_to('button.choice[data-payload$=".cat:leak"]', key="ArrowDown")
    before = chat.bot_count()
    page.keyboard.press("Enter")
    chat.wait_for_answer(before)
    leak = page.locator('#messages button.choice[data-payload$=".cat:leak"]').inner_text()
    customer = page.locator("#messages .msg.in .text").all_inner_texts()
    assert customer[-3:] == ["📝 Register a defect", "WM700-0001", leak]
    # Shift+Enter makes a new line, Enter sends.
    before = chat.bot_count()
    page.keyboard.type("Water on the floor")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("after every wash")
    page.keyboard.press("Enter")
    chat.wait_for_answer(before)
    assert page.locator("#messages .msg.in .text").last.inner_text() == (
        "Water on the floor\nafter every wash"
    )
    shot(page, "keyboard-done")
    assert not page.errors


def test_files_are_checked_before_upload(new_page: Any, shot: Any) -> None:
    page = new_page("/")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    chat.choose("claim")
    chat.say("WM700-0001")
    chat.choose("cat:leak")
    chat.say("Water on the floor after every wash")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/chat/upload" in r.url else None)
    page.locator("#file-input").set_input_files(
        [{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
    )
    notice = page.locator("#messages .notice").last
    assert "“notes.txt” can't be sent" in notice.inner_text()
    page.evaluate(
        """() => {
            const input = document.querySelector('#file-input');
            const data = new DataTransfer();
            const big = new File([new Uint8Array(21 * 1024 * 1024)], 'huge.mp4',
                                 {type: 'video/mp4'});
            data.items.add(big);
            input.files = data.files;
            input.dispatchEvent(new Event('change'));
        }"""
    )
    assert "“huge.mp4” is too large. Please send files up to 20 MB." in (
        page.locator("#messages .notice").last.inner_text()
    )
    assert requests == []
    chat.attach([photo("one.png", 3), photo("two.png", 4)])
    assert "Got it: 2 files." in chat.bot_texts()[-1]
    assert len(requests) == 1
    shot(page, "checked")
