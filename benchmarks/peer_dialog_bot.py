"""The peer for `telegram_e2e`: the same claim wizard written with aiogram-dialog.

It answers inside the update's handling (no outbox, no inbox) and keeps the wizard's answers in
aiogram's FSM storage only: `MemoryStorage` (nothing survives the process) or `RedisStorage`.
"""

from __future__ import annotations

from typing import Any

from aiogram import Dispatcher, Router
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.input import ManagedTextInput, TextInput
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Const, Format


class ClaimWizard(StatesGroup):
    """The steps of "Register a defect"."""

    serial = State()
    category = State()
    description = State()
    media = State()
    phone = State()
    remedy = State()
    confirm = State()
    done = State()


def _keep(field: str) -> Any:
    async def on_text(
        message: Message, widget: ManagedTextInput[str], manager: DialogManager, value: str
    ) -> None:
        manager.dialog_data[field] = value
        await manager.next()

    return on_text


def _choose(field: str, value: str) -> Any:
    async def on_click(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
        manager.dialog_data[field] = value
        await manager.next()

    return on_click


def _serial_ok(text: str) -> str:
    if not 3 <= len(text) <= 64:
        raise ValueError("not a serial number")
    return text.upper()


def build_dispatcher(storage: BaseStorage) -> Dispatcher:
    """A dispatcher running the wizard on `storage`."""
    dialog = Dialog(
        Window(
            Const("Please send the serial number."),
            TextInput("serial", type_factory=_serial_ok, on_success=_keep("serial")),
            state=ClaimWizard.serial,
        ),
        Window(
            Const("What is wrong?"),
            Button(Const("Leak"), "leak", _choose("category", "leak")),
            state=ClaimWizard.category,
        ),
        Window(
            Const("Please describe the problem."),
            TextInput("description", on_success=_keep("description")),
            state=ClaimWizard.description,
        ),
        Window(
            Const("Send photos, or skip."),
            Button(Const("Skip"), "skip", _choose("media", "")),
            state=ClaimWizard.media,
        ),
        Window(
            Const("Your phone number?"),
            TextInput("phone", on_success=_keep("phone")),
            state=ClaimWizard.phone,
        ),
        Window(
            Const("What would you like us to do?"),
            Button(Const("Repair"), "repair", _choose("remedy", "repair")),
            state=ClaimWizard.remedy,
        ),
        Window(
            Format("Serial {dialog_data[serial]}, {dialog_data[category]}. Confirm?"),
            Button(Const("Confirm"), "confirm", _choose("confirmed", "yes")),
            state=ClaimWizard.confirm,
        ),
        Window(Const("Your claim is registered."), state=ClaimWizard.done),
    )
    router = Router()

    @router.message(Command("claim"))
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(ClaimWizard.serial, mode=StartMode.RESET_STACK)

    dispatcher = Dispatcher(storage=storage)
    dispatcher.include_routers(router, dialog)
    setup_dialogs(dispatcher)
    return dispatcher
