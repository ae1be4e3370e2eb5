"""Driving the chat page like a customer: press buttons, type, attach, read the answers."""

from __future__ import annotations

import re
from typing import Any

from tests.support.chat import png_bytes

CLAIM_NUMBER = re.compile(r"WR-2026-\d{6}")
MESSAGES = "#messages .msg:not(.system)"
ACTIVE_CHOICE = "#messages button.choice:not([disabled])"


class ChatPage:
    """One customer's chat page; every action waits until the answer is on the screen."""

    def __init__(self, page: Any) -> None:
        self.page = page

    # --- reading -------------------------------------------------------------------------

    def bot_count(self) -> int:
        return int(self.page.locator("#messages .msg.out").count())

    def bot_texts(self) -> list[str]:
        return list(self.page.locator("#messages .msg.out .text").all_inner_texts())

    def all_text(self) -> str:
        return str(self.page.locator("#messages").inner_text())

    def buttons(self) -> list[str]:
        """Labels of the buttons that can be pressed now."""
        return list(self.page.locator(ACTIVE_CHOICE).all_inner_texts())

    def button(self, value: str) -> Any:
        """The active button whose payload carries `value` (as `<screen>.<value>` or exactly)."""
        return self.page.locator(
            f'{ACTIVE_CHOICE}[data-payload$=".{value}"], {ACTIVE_CHOICE}[data-payload="{value}"]'
        ).last

    def claim_number(self) -> str:
        found = CLAIM_NUMBER.search(self.all_text())
        assert found, self.all_text()
        return found.group(0)

    # --- waiting -------------------------------------------------------------------------

    def wait_for_answer(self, before: int) -> None:
        """Until a new bot message arrived and nothing is on its way any more."""
        self.page.wait_for_function(
            """before => document.querySelectorAll('#messages .msg.out').length > before
                && !document.querySelector('#messages .pending')""",
            arg=before,
        )

    def wait_for_greeting(self) -> None:
        self.page.locator(ACTIVE_CHOICE).first.wait_for()

    # --- acting --------------------------------------------------------------------------

    def choose(self, value: str) -> None:
        before = self.bot_count()
        self.button(value).click()
        self.wait_for_answer(before)

    def say(self, text: str) -> None:
        before = self.bot_count()
        box = self.page.locator("#message-input")
        box.fill(text)
        box.press("Enter")
        self.wait_for_answer(before)

    def attach(self, files: list[dict[str, Any]]) -> None:
        before = self.bot_count()
        self.page.locator("#file-input").set_input_files(files)
        self.wait_for_answer(before)


CONTRAST_SCRIPT = """selector => {
    const parse = c => c.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = node => {
        for (; node; node = node.parentElement) {
            const c = parse(getComputedStyle(node).backgroundColor);
            if (c.length < 4 || c[3] > 0) return c;
        }
        return [255, 255, 255];
    };
    return [...document.querySelectorAll(selector)].map(node => {
        const a = luminance(parse(getComputedStyle(node).color));
        const b = luminance(background(node));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
}"""
READABLE = (
    "#messages .msg.out .text, #messages .msg.in .text, #messages button.choice:not([disabled]),"
    " .company, .subtitle, .language, #hint, #message-input"
)


def lowest_contrast(page: Any, selector: str = READABLE) -> float:
    """The lowest WCAG contrast ratio between text and its background among `selector`."""
    ratios = page.evaluate(CONTRAST_SCRIPT, selector)
    assert ratios, selector
    return float(min(ratios))


def photo(name: str = "washer.png", seed: int = 1) -> dict[str, Any]:
    """A real tiny PNG for `set_input_files`."""
    return {"name": name, "mimeType": "image/png", "buffer": png_bytes(seed)}


def register_defect(chat: ChatPage, shot: Any, *, with_photo: bool = True) -> str:
    """The whole "Register a defect" dialog for WM700-0001; returns the claim number."""
    page = chat.page
    chat.choose("claim")
    shot(page, "serial-prompt")
    chat.say("WM700-0001")
    assert chat.button("cat:leak").is_visible()
    shot(page, "category")
    chat.choose("cat:leak")
    chat.say("Water on the floor after every wash")
    assert page.locator("#attach.highlight").is_visible(), "media step highlights Attach"
    if with_photo:
        chat.attach([photo()])
        shot(page, "photo-sent")
        chat.choose("media:done")
    else:
        chat.choose("media:skip")
    box = page.locator("#message-input")
    assert box.get_attribute("inputmode") == "tel", "phone step offers a phone keypad"
    assert box.get_attribute("autocomplete") == "tel"
    shot(page, "phone")
    chat.say("+79161234567")
    assert box.get_attribute("inputmode") == "text"
    chat.choose("rem:repair")
    shot(page, "summary")
    chat.choose("confirm")
    shot(page, "registered")
    return chat.claim_number()


def texts_match(pattern: re.Pattern[str], texts: list[str]) -> bool:
    """Whether every text (ignoring emoji and digits) has a letter of `pattern`'s script."""
    return all(pattern.search(text) for text in texts if re.search(r"[^\W\d_]", text))
