"""Random event sequences never break the engine or leave a half-written claim."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from backend.claims.models import Attachment, Claim, ClaimEvent
from backend.conversations.models import Conversation
from backend.db.session import make_engine, make_session_factory
from backend.demo.seed import seed_demo
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from dialogs.types import (
    Choice,
    Command,
    Contact,
    Incoming,
    Media,
    MediaItem,
    MediaKind,
    Say,
    Text,
    Unsupported,
    UnsupportedKind,
)
from tests.support.clock import TODAY, suite_clock

APOLOGY = "Sorry, something went wrong"
TEXTS = st.sampled_from(
    [
        "KT1-0001",
        "WM700-0001",
        "nope",
        "",
        "x" * 3000,
        "01.01.2026",
        "+79161234567",
        "Drips from the bottom",
        "🙂",
        "31.02.2026",
    ]
)
COMMANDS = st.sampled_from(
    [
        "start",
        "claim",
        "warranty",
        "status",
        "transport",
        "language",
        "cancel",
        "help",
        "bogus",
        "human",
    ]
)
ACTIONS = st.one_of(
    st.tuples(st.just("text"), TEXTS),
    st.tuples(st.just("command"), COMMANDS),
    st.tuples(st.just("press"), st.integers(min_value=0, max_value=12)),
    st.tuples(st.just("stale"), st.text(max_size=20)),
    st.tuples(st.just("contact"), st.sampled_from(["+79161234567", "garbage"])),
    st.tuples(st.just("media"), st.integers(min_value=1, max_value=3)),
    st.tuples(st.just("unsupported"), st.sampled_from(list(UnsupportedKind))),
)


def _content(action: tuple[str, object], buttons: list[str]) -> object:
    kind, value = action
    if kind == "text":
        return Text(str(value))
    if kind == "command":
        return Command(str(value))
    if kind == "press":
        return Choice(buttons[int(value) % len(buttons)]) if buttons else Text("hi")  # type: ignore[call-overload]
    if kind == "stale":
        return Choice(f"0.{value}"[:64])
    if kind == "contact":
        return Contact(str(value))
    if kind == "media":
        item = MediaItem(MediaKind.PHOTO, "2026/11/x.png", "0" * 64, 10, "image/png")
        return Media((item,) * int(value))  # type: ignore[call-overload]
    return Unsupported(value)  # type: ignore[arg-type]


async def _run(template: Path, actions: list[tuple[str, object]]) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copy(template, folder / "db.sqlite")
        engine = make_engine(f"sqlite+aiosqlite:///{folder / 'db.sqlite'}")
        sessions = make_session_factory(engine)
        async with sessions() as session:
            await seed_demo(session, TODAY)
        dialog = Engine(sessions, DialogConfig(media_dir=folder / "media"), clock=suite_clock())
        buttons: list[str] = []
        for n, action in enumerate(actions):
            content = _content(action, buttons)
            replies = await dialog.handle(Incoming("web", "prop", content, event_id=str(n)))  # type: ignore[arg-type]
            texts = [r.text for r in replies if isinstance(r, Say)]
            assert not any(APOLOGY in t for t in texts), texts
            if not replies:  # only a conversation handed to a person stays silent
                async with sessions() as session:
                    assert await session.scalar(select(Conversation.with_staff)), action
            buttons = [
                b.payload for r in replies if isinstance(r, Say) for row in r.buttons for b in row
            ]
        async with sessions() as session:
            for claim in await session.scalars(select(Claim)):
                events = await session.scalar(
                    select(func.count()).where(ClaimEvent.claim_id == claim.id)
                )
                assert claim.number.startswith("WR-") and events and claim.statutory_due_on
            orphans = await session.scalar(
                select(func.count()).select_from(Attachment).where(Attachment.customer_id.is_(None))
            )
            assert orphans == 0
        await engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(actions=st.lists(ACTIONS, min_size=1, max_size=25))
def test_random_event_sequences(sqlite_template: Path, actions: list[tuple[str, object]]) -> None:
    asyncio.run(_run(sqlite_template, actions))
