"""axe finds nothing on any page: the chat, the console, the statistics, the administration."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.chat_page import ChatPage, register_defect
from tests.browser.test_staff_console import sign_in

pytestmark = pytest.mark.browser
ADMIN_PAGES = ("", "/staff", "/catalog", "/parts", "/transport", "/canned", "/audit")
DOCUMENTS = ("/act", "/waybill", "/condition", "/examination", "/completion", "/act?language=ko")


def test_the_chat_page(new_page: Any) -> None:
    page = new_page("/")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    assert_accessible(page)
    chat.choose("claim")
    chat.say("WM700-0001")
    assert_accessible(page)
    phone = new_page("/?lang=ko", viewport={"width": 390, "height": 780}, locale="ko-KR")
    ChatPage(phone).wait_for_greeting()
    assert_accessible(phone)


def test_every_console_page_as_an_admin(new_page: Any, shot: Any) -> None:
    customer = new_page("/")
    chat = ChatPage(customer)
    chat.wait_for_greeting()
    number = register_defect(chat, shot, with_photo=True)
    asking = ChatPage(new_page("/"))
    asking.wait_for_greeting()
    asking.choose("human")
    staff = new_page("/staff/login")
    assert_accessible(staff)
    sign_in(staff, "admin", "admin-demo")
    assert_accessible(staff)
    staff.goto("/staff?status=new")
    staff.locator(f"a:has-text('{number}')").click()
    staff.wait_for_url(re.compile(r"/staff/claims/\d+$"))
    assert_accessible(staff)
    staff.locator("details.confirm summary").first.click()
    assert_accessible(staff)
    staff.locator("details.paperwork summary").click()
    assert_accessible(staff)
    claim_url = staff.url
    for document in DOCUMENTS:
        staff.goto(claim_url + document)
        assert_accessible(staff)
    staff.goto("/staff/escalations")
    assert_accessible(staff)
    staff.locator("table.queue a").first.click()
    staff.wait_for_url(re.compile(r"/staff/escalations/\d+$"))
    assert_accessible(staff)
    staff.goto("/staff/stats")
    assert_accessible(staff)
    staff.goto("/staff/supplier-claims")
    assert_accessible(staff)
    for path in ADMIN_PAGES:
        staff.goto(f"/staff/admin{path}")
        assert_accessible(staff)
    staff.goto("/staff/claims/999999")
    assert_accessible(staff)


def test_the_forbidden_page(new_page: Any) -> None:
    page = new_page("/staff/login")
    sign_in(page, "agent", "agent-demo")
    response = page.goto("/staff/admin")
    assert response is not None and response.status == 403
    assert_accessible(page)
