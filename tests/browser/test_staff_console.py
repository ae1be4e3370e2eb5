"""A web-chat customer's claim goes through the staff console and back to their chat."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from backend.i18n import gettext_for
from tests.browser.chat_page import ChatPage, register_defect
from tests.support.browser import LiveServer

pytestmark = pytest.mark.browser


def sign_in(page: Any, login: str, password: str) -> None:
    page.goto("/staff/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff$"))


def act(page: Any, action: str, **fields: str) -> None:
    form = page.locator(f"form.action:has(input[name=action][value={action}])")
    for name, value in fields.items():
        form.locator(f"[name={name}]").select_option(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_take_diagnose_decide_and_the_customer_sees_it_in_russian(
    new_page: Any, live_server: LiveServer, shot: Any
) -> None:
    customer = new_page("/?lang=ru", locale="ru-RU")
    chat = ChatPage(customer)
    chat.wait_for_greeting()
    number = register_defect(chat, shot, with_photo=True)

    staff = new_page("/staff/login")
    sign_in(staff, "agent", "agent-demo")
    shot(staff, "queue")
    for _ in range(30):  # other tests' claims may be ahead in the queue
        staff.goto("/staff")
        staff.click("#take-next")
        staff.wait_for_load_state()
        if number in staff.locator("h1").inner_text():
            break
    assert number in staff.locator("h1").inner_text()
    assert staff.locator(".photos img").count() == 1
    staff.wait_for_function("() => document.querySelector('.photos img').naturalWidth > 0")
    act(staff, "start_diagnosis")
    act(staff, "record_diagnosis", diagnosis="manufacturing_defect")
    act(staff, "decide", decision="repair")
    shot(staff, "decided")
    status = staff.locator("#claim-status").inner_text()
    assert status == "In repair"
    timeline = staff.locator(".timeline li").all_inner_texts()
    actions = [
        "Claim registered",
        "Taken",
        "Item received: start diagnosis",
        "Record diagnosis",
        "Decide",
    ]
    assert [next((a for a in actions if a in line), None) for line in timeline] == actions
    assert all(re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", line) for line in timeline)
    assert all("Agent" in line for line in timeline[1:])
    staff.goto(re.sub(r"[?#].*", "", staff.url) + "/act")
    assert number in staff.locator("h1").inner_text()
    assert staff.locator("button[data-print]").is_visible()

    in_repair = gettext_for("ru", "In repair")
    customer.wait_for_function(
        "text => document.querySelector('#messages').innerText.includes(text)",
        arg=f"{number}: {in_repair}",
    )
    assert gettext_for("ru", "We will repair your item free of charge.") in chat.all_text()
    shot(customer, "customer-notified")
    send_the_act_to_the_chat(staff, customer, number, shot)


def send_the_act_to_the_chat(staff: Any, customer: Any, number: str, shot: Any) -> None:
    """Staff send the acceptance act; the customer downloads it from the chat, also after a
    reload (the history keeps the document and signs a fresh link)."""
    assert staff.locator("main h1").inner_text().startswith("Акт приёма")  # their language
    shot(staff, "act")
    staff.click("nav form button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff/claims/\d+#documents$"))
    link = customer.locator(f"a.document-name:has-text('{number}-act.pdf')")
    link.wait_for()
    shot(customer, "act-in-chat")
    for attempt in range(2):
        with customer.expect_download() as download:
            link.click()
        path = download.value.path()
        assert path is not None and Path(path).read_bytes()[:5] == b"%PDF-", attempt
        customer.reload()
        link = customer.locator(f"a.document-name:has-text('{number}-act.pdf')")
        link.wait_for()


def test_an_agent_cannot_reach_a_claim_without_signing_in(new_page: Any) -> None:
    page = new_page("/staff/claims/1")
    assert "/staff/login" in page.url
    assert page.locator("#login").is_visible()
