"""The shape of the flows: typed steps, declared entries, prompts that only render."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.conversations.models import Conversation
from backend.db.session import SessionFactory
from backend.escalations.models import Escalation, EscalationStatus
from backend.escalations.service import close_by_staff
from bot.app import COMMANDS as TELEGRAM_COMMANDS
from dialogs.commands import COMMAND_FLOWS, COMMANDS
from dialogs.config import DialogConfig
from dialogs.context import Context
from dialogs.flow import FLOWS, Flow, Step, UnknownStep, register
from dialogs.flows.menu import menu_entries
from dialogs.state import ConversationState
from dialogs.types import Incoming, Reply, Say, Text
from tests.support.chat import ChatClient, register_quick_claim
from tests.support.clock import NOW, TODAY


class _Two(StrEnum):
    ONE = "one"
    TWO = "two"


async def _nothing(ctx: Context, *_: object) -> list[Reply]:
    return []


def test_a_flow_missing_a_step_of_its_enum_is_refused_when_it_registers() -> None:
    with pytest.raises(UnknownStep, match="two"):
        register(Flow("half", _Two.ONE, {_Two.ONE: Step(_nothing, _nothing)}))
    assert "half" not in FLOWS


def test_a_flow_naming_steps_with_plain_strings_is_refused() -> None:
    with pytest.raises(UnknownStep, match="StrEnum"):
        register(Flow("plain", "one", {"one": Step(_nothing, _nothing)}))  # type: ignore[type-var]
    assert "plain" not in FLOWS


def _context(session: object, flow: str, step: str, data: dict[str, object]) -> Context:
    state = ConversationState(1, "terminal", "u1", 1, "en", flow, step, dict(data), 3)
    event_ = Incoming("terminal", "u1", Text("x"), event_id="shape")
    return Context(session, state, DialogConfig(media_dir=Path("/nonexistent")), NOW, event_)  # type: ignore[arg-type]


async def test_moving_to_a_step_the_flow_does_not_have_fails(seeded: SessionFactory) -> None:
    async with seeded() as session:
        ctx = _context(session, "transport", "method", {})
        with pytest.raises(UnknownStep, match="adress"):
            await ctx.go("adress")
        with pytest.raises(UnknownStep, match="dya"):
            await ctx.back_to("dya")
        with pytest.raises(UnknownStep, match="no flow"):
            await ctx.start("transprot")
    assert ctx.step == "method"


async def test_a_stored_step_the_code_no_longer_has_is_logged_and_shows_the_menu(
    chat, seeded: SessionFactory, caplog: pytest.LogCaptureFixture
) -> None:
    c: ChatClient = chat("renamed")
    await c.command("transport")
    async with seeded() as session:
        await session.execute(update(Conversation).values(step="slot_old", version=99))
        await session.commit()
    with caplog.at_level(logging.WARNING, logger="dialogs.context"):
        await c.send("hello")
    assert "How can I help you?" in c.text
    assert "transport/slot_old is unknown" in caplog.text


def test_menu_commands_and_help_come_from_the_flow_declarations() -> None:
    declared = {name: flow.entry for name, flow in FLOWS.items() if flow.entry is not None}
    assert [name for name, _ in menu_entries()] == [
        "claim",
        "warranty",
        "claims",
        "transport",
        "human",
        "language",
    ]
    assert {COMMAND_FLOWS[c] for e in declared.values() for c in e.commands} == set(declared)
    assert COMMAND_FLOWS["status"] == COMMAND_FLOWS["claims"] == "claims"
    listed = [name for name, _ in COMMANDS]
    flows = ["claim", "warranty", "status", "transport", "human", "language"]
    assert listed == ["start", *flows, "cancel", "help"]
    assert TELEGRAM_COMMANDS == COMMANDS  # what setMyCommands registers


async def test_help_lists_every_declared_command_in_the_customers_language(chat) -> None:
    c: ChatClient = chat("helpful", locale="ru")
    await c.command("help")
    for command in ("/claim", "/warranty", "/status", "/transport", "/human", "/language"):
        assert command in c.text
    assert "Сообщить о неисправности" in c.text and "Я помогу" in c.text


async def test_after_staff_close_the_thread_a_sticker_opens_no_second_escalation(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("closed-by-staff")
    await c.command("human")
    assert "A person will answer right here" in c.text
    async with seeded() as session:
        escalation = await session.scalar(select(Escalation))
        assert escalation is not None
        await close_by_staff(session, escalation, NOW)
        await session.commit()
    await c.sticker()
    await c.sticker()
    assert "Nice sticker" in c.text and "finished the conversation" in c.text
    assert "A person will answer" not in c.text
    async with seeded() as session:
        statuses = list(await session.scalars(select(Escalation.status)))
    assert statuses == [EscalationStatus.CLOSED]
    await c.click("Main menu")
    assert "How can I help you?" in c.text
    await c.command("human")
    async with seeded() as session:
        statuses = list(await session.scalars(select(Escalation.status).order_by(Escalation.id)))
    assert statuses == [EscalationStatus.CLOSED, EscalationStatus.OPEN]


def _prompt_data(claim_id: int) -> dict[str, object]:
    return {
        "claim_id": claim_id,
        "number": "WR-2026-000001",
        "serial": "KT1-0001",
        "unit_id": 1,
        "product_id": 1,
        "category": "no_power",
        "description": "It does not turn on",
        "phone": "+79160000009",
        "remedy": "repair",
        "day": TODAY.isoformat(),
        "method": "pickup",
        "address": "Moscow, Tverskaya 1",
        "window": "10:00-14:00",
        "_stack": ["claim"],
    }


async def test_no_prompt_of_any_flow_writes_to_the_database(
    chat, seeded: SessionFactory, engine: AsyncEngine
) -> None:
    await register_quick_claim(chat("writer"))
    writes: list[str] = []

    def watch(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", watch)
    rendered = 0
    try:
        for name, flow in FLOWS.items():
            for step in flow.steps:
                for with_staff in (False, True):
                    async with seeded() as session:
                        ctx = _context(session, name, step, _prompt_data(1))
                        ctx.conversation.with_staff = with_staff
                        replies = await ctx.prompt()
                        assert not session.new and not session.dirty, (name, step)
                        await session.rollback()
                    assert any(isinstance(r, Say) for r in replies), (name, step)
                    rendered += 1
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", watch)
    assert writes == []
    assert rendered == 2 * sum(len(flow.steps) for flow in FLOWS.values())
