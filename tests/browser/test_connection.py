"""Live updates and bad connections: notifications, the HTTP fallback, reconnecting."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.chat_page import ChatPage
from tests.support.browser import LiveServer

pytestmark = pytest.mark.browser

BACK_TO_BOT = [[{"label": "🤖 Back to the bot", "payload": "g.unescalate"}]]


def test_a_staff_message_arrives_live_and_stays_after_reload(
    new_page: Any, live_server: LiveServer, shot: Any
) -> None:
    page = new_page("/")
    chat = ChatPage(page)
    chat.wait_for_greeting()
    page.locator("#status.online").wait_for()
    message = "Anna from the service centre: <b>we</b> will call you at 15:00."
    live_server.notify_latest_web_customer(message, BACK_TO_BOT)
    note = page.locator("#messages .msg.notification")
    note.wait_for()
    assert note.locator(".text").text_content() == message
    assert page.locator("#messages b").count() == 0
    chat.choose("claim")
    assert chat.button("g.unescalate").is_enabled(), "a notification's button stays usable"
    shot(page, "notification")

    page.reload()
    chat.wait_for_greeting()
    assert page.locator("#messages .msg.notification .text").all_text_contents() == [message]
    chat.choose("g.unescalate")
    assert chat.bot_texts()[-1] == "How can I help you?"
    assert not page.errors


def test_works_over_http_when_the_socket_cannot_open(new_page: Any, shot: Any) -> None:
    page = new_page("/", setup=lambda p: p.route_web_socket("**/chat/ws", lambda ws: ws.close()))
    chat = ChatPage(page)
    chat.wait_for_greeting()
    assert page.locator("#status").inner_text() == "Connecting…"
    chat.choose("claim")
    chat.say("WM700-0001")
    assert chat.button("cat:leak").is_visible()
    page.locator("#banner").wait_for()
    assert "your messages are still delivered" in page.locator("#banner").inner_text()
    shot(page, "http-fallback")

    page.context.clear_cookies()  # the visitor is unknown now: the page asks for a reload
    chat.button("cat:leak").click()
    page.get_by_text("Your session has expired. Please reload the page.").wait_for()
    assert page.locator("#messages .msg.in.failed").count() == 1
    page.reload()
    chat.wait_for_greeting()
    assert chat.bot_texts()[0] == "Hello! I'm the warranty assistant of Acme Appliances."
    assert not page.errors


def test_reconnects_and_resends_what_the_socket_lost(new_page: Any, shot: Any) -> None:
    """A frame lost before the server, and an answer lost after it, each shown exactly once."""
    sockets: list[Any] = []
    lost: dict[str, str] = {}

    def relay(ws: Any) -> None:
        server = ws.connect_to_server()
        sockets.append(ws)

        def from_page(message: str | bytes) -> None:
            text = json.loads(message)
            if text.get("text") == "lost before the server" and "frame" not in lost:
                lost["frame"] = text["id"]
                ws.close(code=1011, reason="gone")
                return
            if text.get("text") == "answer lost" and "answer_of" not in lost:
                lost["answer_of"] = text["id"]
            server.send(message)

        def from_server(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame.get("id") and frame["id"] == lost.get("answer_of") and "answer" not in lost:
                lost["answer"] = frame["id"]
                ws.close(code=1011, reason="gone")
                return
            ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)

    page = new_page("/", setup=lambda p: p.route_web_socket("**/chat/ws", relay))
    chat = ChatPage(page)
    chat.wait_for_greeting()
    page.locator("#status.online").wait_for()
    chat.say("lost before the server")
    assert chat.bot_texts()[-1] == "How can I help you?"
    page.locator("#status.online").wait_for()
    histories: list[str] = []
    page.on("request", lambda r: histories.append(r.url) if "/chat/history" in r.url else None)
    chat.say("answer lost")  # the server answers once; the page shows it from the history
    assert histories, "the page read the stored answer from the history"
    assert chat.bot_texts()[-1] == "How can I help you?"
    page.locator("#status.online").wait_for()
    assert set(lost) == {"frame", "answer_of", "answer"} and len(sockets) >= 3
    assert page.locator("#banner").is_hidden()

    def customer_texts() -> list[str]:
        return list(page.locator("#messages .msg.in .text").all_inner_texts())

    assert customer_texts().count("lost before the server") == 1
    assert customer_texts().count("answer lost") == 1
    chat.choose("claim")
    shot(page, "reconnected")
    shown = page.locator("#messages .msg").all_inner_texts()
    page.reload()
    chat.wait_for_greeting()
    assert page.locator("#messages .msg").all_inner_texts()[: len(shown)] == shown
    assert not page.errors
