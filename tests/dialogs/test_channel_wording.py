"""Every customer-facing reply on the web says what to do in terms of the web: no slash command,
no "share your contact" (there is no share button), the reasons folded instead of a Why button;
Telegram keeps its commands and its share button."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from backend.claims.models import Claim, ClaimStatus
from backend.claims.notify import status_message
from backend.escalations.service import CANNED_REPLIES, canned_text
from backend.i18n import N_, gettext_for
from dialogs.engine import Engine
from dialogs.types import Choice, Reply, Say, SendDocument
from tests.support.chat import ChatClient

SLASH_COMMAND = re.compile(r"(?<![\w/])/[a-z]{3,}\b")
SHARE_WORDS = {"en": "share", "ru": "подел", "ko": "공유"}  # share / поделитесь / 공유
LOCALES = ("en", "ru", "ko")


def shown_texts(replies: list[Reply]) -> list[str]:
    """Everything a customer reads in these replies: texts, details, buttons, captions."""
    texts: list[str] = []
    for reply in replies:
        if isinstance(reply, Say):
            texts += [reply.text, reply.details]
            texts += [button.label for row in reply.buttons for button in row]
        elif isinstance(reply, SendDocument):
            texts.append(reply.caption)
    return [text for text in texts if text]


def wrong_for_the_web(texts: list[str], locale: str) -> list[str]:
    """The texts that name a slash command or a share button."""
    return [
        text for text in texts if SLASH_COMMAND.search(text) or SHARE_WORDS[locale] in text.lower()
    ]


async def walk_every_flow(c: ChatClient, seeded) -> None:
    """The customer goes through every flow the menu offers, in one conversation."""
    await c.command("start")
    await c.command("help")  # typed on the page, it is still answered
    await c.choose("warranty")
    await c.send("WM700-0001")
    await c.choose("menu")
    await c.choose("warranty")
    await c.send("FR300-0002")  # warranty over: a claim still possible, or a paid repair
    await c.choose("claim")
    await c.choose("cat:no_power")
    await c.send("It does not switch on")
    await c.choose("media:skip")
    await c.send("+79160000009")
    await c.choose("rem:paid_repair")
    await c.choose("quote:accept")
    await c.choose("confirm")
    await c.choose("transport")
    await c.choose("pickup")
    await c.send("Moscow, Tverskaya 1, flat 5")
    await c.choose(c.payloads()[0])
    await c.choose(next(p for p in c.payloads() if p.startswith("slot:")))
    if "loaner:no" in c.payloads():
        await c.choose("loaner:no")
    await c.choose("book")
    await c.command("claim")
    await c.send("ZZ-405-UNKNOWN")  # not in the sales records: model, date, proof
    await c.choose(c.payloads()[0])
    await c.send("01.11.2026")
    await c.choose("receipt:none")
    await c.choose(next(p for p in c.payloads() if p.startswith("proof:")))
    await c.choose("cat:noise")
    await c.send("Rattles when it runs")
    await c.photos(1)
    await c.choose("media:done")
    await c.choose("phone:known")
    await c.choose(next(p for p in c.payloads() if p.startswith("rem:")))
    await c.choose("edit")
    await c.choose("field:description")
    await c.send("Rattles loudly when it runs")
    await c.choose("confirm")
    await c.choose("transport")
    await c.choose("dropoff")
    await c.choose(c.payloads()[0])
    if "loaner:no" in c.payloads():
        await c.choose("loaner:no")
    await c.choose("book")
    async with seeded() as session:
        await session.execute(update(Claim).values(status=ClaimStatus.CLOSED))
        await session.commit()
    await c.choose("claims")
    await c.choose(c.payloads()[0])
    await c.choose("act")
    await c.choose("rate")
    stars = [b.label for b in c.buttons() if b.payload.split(".", 1)[-1].startswith("stars:")]
    assert len(stars) == 5 and all(re.search(r"[^\W\d_]", label) for label in stars), stars
    await c.choose("stars:5")
    await c.choose("skip")
    await c.choose("claims")
    await c.choose(c.payloads()[0])
    await c.choose("nav:back")
    await c.choose("nav:cancel")
    await c.choose("claim")
    await c.choose("nav:cancel")
    await c.sticker()
    await c.choose("human")
    await c.send_content(Choice(c.find_button("🤖").payload))
    await c.choose("language")
    await c.choose(f"lang:{c.locale}")


@pytest.mark.parametrize("locale", LOCALES)
async def test_no_web_reply_names_a_slash_command_or_a_share_button(
    dialog_engine: Engine, seeded, tmp_path: Path, locale: str
) -> None:
    c = ChatClient(dialog_engine, f"web-{locale}", tmp_path / "media", locale, channel="web")
    await walk_every_flow(c, seeded)
    texts = shown_texts(c.transcript)
    assert len(texts) > 80, texts
    assert wrong_for_the_web(texts, locale) == []
    # The reasons are folded into the answer on the web, never behind a "Why?" button.
    assert not [
        b
        for r in c.transcript
        if isinstance(r, Say)
        for row in r.buttons
        for b in row
        if b.payload.startswith("g.why:")
    ]
    assert any(isinstance(r, Say) and "art." in r.details for r in c.transcript) or locale != "en"
    # "Cancel" where nothing is being cancelled is "Main menu", and says nothing was cancelled.
    assert gettext_for(locale, N_("Cancelled.")) not in texts

    # What the service sends later (status changes, a colleague's canned answers) as well.
    async with seeded() as session:
        claims = list(await session.scalars(select(Claim)))
    notices = []
    for status in ClaimStatus:
        claims[0].status = status
        notices.append(status_message(claims[0], locale))
    notices += [canned_text(key, locale) or "" for key in CANNED_REPLIES]
    assert wrong_for_the_web(notices, locale) == []


async def test_telegram_keeps_its_commands_share_button_and_why_button(
    dialog_engine: Engine, seeded, tmp_path: Path
) -> None:
    c = ChatClient(dialog_engine, "tg-1", tmp_path / "media", "en", channel="telegram")
    await c.command("help")
    assert "/claim – Register a defect" in c.text
    await c.command("warranty")
    await c.send("WM700-0001")
    assert "art. 18" not in c.text  # the verdict first
    assert "art. 18 p.1" in await c.why()
    await c.choose("claim")
    await c.choose("cat:leak")
    await c.send("Water on the floor")
    await c.choose("media:skip")
    assert "Share your contact or type the number" in c.text

    web = ChatClient(dialog_engine, "web-1", tmp_path / "media", "en", channel="web")
    await web.command("warranty")
    await web.send("WM700-0001")
    [answer] = [r for r in web.replies if isinstance(r, Say) and r.details]
    assert "Status: Under warranty" in answer.text and "art. 18 p.1" in answer.details
