"""An update whose processing fails is tried again; one that keeps failing gets an apology
instead of silence, and the chat's later updates are answered."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes.telegram_server import FakeTelegram
from tests.support.telegram import FAILING, SORRY, fail_first, settle

CONTROL = 7102


async def test_an_update_that_fails_once_is_answered_once_on_the_next_try(
    fake_telegram: FakeTelegram, start_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_telegram
    fail_first(monkeypatch, await start_bot(), times=1)
    for chat in (FAILING, CONTROL):
        before = len(fake.sent)
        fake.push_update(fake.command(chat, "start"))
        await settle(fake, before)
    assert fake.texts_to(FAILING) == fake.texts_to(CONTROL)
    assert SORRY not in fake.texts_to(FAILING)


async def test_an_update_that_keeps_failing_gets_an_apology_and_the_chat_goes_on(
    fake_telegram: FakeTelegram, start_bot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_telegram
    fail_first(monkeypatch, await start_bot(), times=3)
    fake.push_update(fake.command(FAILING, "start"))
    fake.push_update(fake.command(FAILING, "help"))
    await settle(fake, 0)
    before = len(fake.sent)
    fake.push_update(fake.command(CONTROL, "help"))
    await settle(fake, before)
    texts = fake.texts_to(FAILING)
    assert texts[0] == SORRY and texts.count(SORRY) == 1
    assert texts[1:] == fake.texts_to(CONTROL)  # the next update answered as ever
