"""A chat client for whole conversations with the dialog engine (no channel in between)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backend.db.session import SessionFactory
from backend.demo.seed import seed_demo
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from tests.support.chat import (
    ChatClient,
)
from tests.support.clock import TODAY, suite_clock


@pytest.fixture
async def seeded(session_factory: SessionFactory) -> SessionFactory:
    async with session_factory() as session:
        await seed_demo(session, TODAY)
    return session_factory


@pytest.fixture
def dialog_engine(seeded: SessionFactory, tmp_path: Path) -> Engine:
    config = DialogConfig(jurisdiction="RU", media_dir=tmp_path / "media")
    return Engine(seeded, config, clock=suite_clock())


@pytest.fixture
def chat(dialog_engine: Engine, tmp_path: Path) -> AsyncIterator[ChatClient] | ChatClient:
    def make(user_id: str = "u1", locale: str = "en") -> ChatClient:
        return ChatClient(dialog_engine, user_id, tmp_path / "media", locale)

    return make  # type: ignore[return-value]
