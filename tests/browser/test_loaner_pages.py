"""The loaner pages in a browser: asked for in the web chat, issued and signed for in the
console, the act printed; axe finds nothing on any of them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.chat_page import ChatPage, register_defect
from tests.browser.test_staff_console import sign_in

pytestmark = pytest.mark.browser


def test_a_loaner_issued_from_the_claim_page(new_page: Any, shot: Any) -> None:
    chat = ChatPage(new_page("/"))
    chat.wait_for_greeting()
    number = register_defect(chat, shot, with_photo=False)
    chat.choose("transport")
    chat.choose("dropoff")
    chat.choose("point:1")
    chat.choose("loaner:yes")
    chat.choose("book")
    staff = new_page("/staff/login")
    sign_in(staff, "admin", "admin-demo")
    staff.goto("/staff/loaners")
    assert_accessible(staff)
    staff.goto("/staff")
    row = staff.locator("tr", has=staff.locator(f"a:has-text('{number}')"))
    assert "Loaner unit" in row.inner_text()
    row.locator("a").first.click()
    staff.wait_for_url(re.compile(r"/staff/claims/\d+$"))
    assert staff.locator("#loaner-deadline").is_visible()
    assert_accessible(staff)
    staff.locator("#loaner select[name=unit]").select_option(index=0)
    staff.click("#loaner button:has-text('Issue the loaner unit')")
    staff.wait_for_selector("#loaner input[name=signed_by]")
    assert_accessible(staff)
    staff.fill("#loaner input[name=signed_by]", "Ivan Petrov")
    staff.click("#loaner button:has-text('Record the signature')")
    staff.wait_for_selector("#loaner :text('Signed on delivery by Ivan Petrov')")
    staff.click("#loaner a:has-text('Loaner unit issue act')")
    staff.wait_for_url(re.compile(r"/staff/loans/\d+/issue-act$"))
    assert "Ivan Petrov" in staff.content()
    assert_accessible(staff)
    chat.page.locator("#messages :text('a loaner unit has been issued to you')").wait_for()
