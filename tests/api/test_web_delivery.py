"""Web chat notices go through the same outbox sender as Telegram's: leases, order, no loss."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.customers.models import Channel, ChannelIdentity, Customer
from backend.db.session import SessionFactory
from backend.notifications.models import OutboxMessage, OutboxStatus
from backend.notifications.service import enqueue
from backend.web.hub import ChatHub
from dialogs.state import create_state
from dialogs.store import history, load_conversation
from tests.support.clock import NOW, suite_clock

CHAT = "web-chat-1"


class Page:
    """A browser page's socket: keeps the frames it got; can die at the n-th send."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.frames: list[dict[str, Any]] = []
        self.fail_at = fail_at

    async def send_json(self, frame: dict[str, Any]) -> None:
        if self.fail_at is not None and len(self.frames) + 1 >= self.fail_at:
            raise ConnectionError("the page went away")
        self.frames.append(frame)


async def _notices(sessions: SessionFactory, *texts: str) -> None:
    async with sessions() as session, session.begin():
        customer = Customer(name="Web customer")
        customer.identities.append(ChannelIdentity(channel=Channel.WEB, external_id=CHAT))
        session.add(customer)
        await session.flush()
        for text in texts:
            await enqueue(session, customer, now=NOW, kind="status", text=text)


async def _rows(sessions: SessionFactory) -> list[OutboxMessage]:
    async with sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.channel == Channel.WEB)
        return list(await session.scalars(query.order_by(OutboxMessage.id)))


async def test_notices_wait_for_the_page_and_arrive_once_in_order(
    session_factory: SessionFactory,
) -> None:
    await _notices(session_factory, "first", "second", "third")
    hub = ChatHub(session_factory, suite_clock())
    assert await hub.deliver_pending() == 0  # nobody connected: nothing taken, nothing lost
    assert [row.attempts for row in await _rows(session_factory)] == [0, 0, 0]

    page = Page()
    hub.connect(CHAT, page)  # type: ignore[arg-type]
    assert await hub.deliver_pending() == 3
    assert await hub.deliver_pending() == 0

    assert [frame["text"] for frame in page.frames] == ["first", "second", "third"]
    assert {frame["kind"] for frame in page.frames} == {"status"}
    rows = await _rows(session_factory)
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    assert [row.attempts for row in rows] == [1, 1, 1]


async def test_a_page_that_dies_mid_send_loses_nothing_and_nothing_overtakes(
    session_factory: SessionFactory,
) -> None:
    await _notices(session_factory, "first", "second", "third")
    hub = ChatHub(session_factory, suite_clock())
    dying = Page(fail_at=2)
    hub.connect(CHAT, dying)  # type: ignore[arg-type]
    assert await hub.deliver_pending() == 1
    assert [frame["text"] for frame in dying.frames] == ["first"]
    pending = [row for row in await _rows(session_factory) if row.status is OutboxStatus.PENDING]
    assert [row.text for row in pending] == ["second", "third"]
    assert [row.attempts for row in pending] == [0, 0]  # a page that left is no failed attempt

    again = Page()
    hub.connect(CHAT, again)  # type: ignore[arg-type]
    assert await hub.deliver_pending() == 2
    assert [frame["text"] for frame in again.frames] == ["second", "third"]


async def test_only_the_process_holding_the_page_delivers(session_factory: SessionFactory) -> None:
    await _notices(session_factory, "only once")
    elsewhere = ChatHub(session_factory, suite_clock())
    here = ChatHub(session_factory, suite_clock())
    other_page, page = Page(), Page()
    elsewhere.connect("another-chat", other_page)  # type: ignore[arg-type]
    here.connect(CHAT, page)  # type: ignore[arg-type]

    assert await elsewhere.deliver_pending() == 0
    assert await here.deliver_pending() == 1
    assert await elsewhere.deliver_pending() == 0
    assert [frame["text"] for frame in page.frames] == ["only once"]
    assert other_page.frames == []


class ReloadingPage(Page):
    """A page that reloads as soon as it shows a frame: it reads the chat's history then."""

    def __init__(self, sessions: SessionFactory, fail_at: int | None = None) -> None:
        super().__init__(fail_at)
        self.sessions = sessions
        self.seen_in_history: list[list[str]] = []

    async def send_json(self, frame: dict[str, Any]) -> None:
        await super().send_json(frame)
        self.seen_in_history.append(await _kept(self.sessions))


async def _kept(sessions: SessionFactory) -> list[str]:
    async with sessions() as session:
        conversation = await load_conversation(session, "web", CHAT)
        assert conversation is not None
        return [m.payload["text"] for m in await history(session, conversation.id)]


async def test_a_notice_the_page_shows_is_already_in_its_history(
    session_factory: SessionFactory,
) -> None:
    await _notices(session_factory, "first", "second", "third")
    async with session_factory() as session, session.begin():
        await create_state(await session.connection(), "web", CHAT, "en", NOW)
    hub = ChatHub(session_factory, suite_clock())
    dying = ReloadingPage(session_factory, fail_at=3)
    hub.connect(CHAT, dying)  # type: ignore[arg-type]
    assert await hub.deliver_pending() == 2
    assert dying.seen_in_history == [["first"], ["first", "second"]]
    assert await _kept(session_factory) == ["first", "second"]  # "third" was shown nowhere

    again = ReloadingPage(session_factory)
    hub.connect(CHAT, again)  # type: ignore[arg-type]
    assert await hub.deliver_pending() == 1
    assert again.seen_in_history == [["first", "second", "third"]]
