"""Everything a step sees while it handles one event, and the moves it can make."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.channels import ChannelCapabilities, capabilities
from backend.customers.models import Customer
from backend.i18n import gettext_for, ngettext_for
from backend.warranty.explain import local_date
from dialogs.config import DialogConfig
from dialogs.facts_cache import FactsCache
from dialogs.flow import get_flow, stored_step
from dialogs.navigation import back_label, leave_label
from dialogs.said import SAID, answer_for
from dialogs.state import ConversationState
from dialogs.types import Button, Incoming, Reply, Say

log = logging.getLogger(__name__)

MENU = "menu"
STACK = "_stack"
RETURN_TO = "_return_to"


class Context:
    """One event's view of the conversation: state, customer, translation, navigation."""

    def __init__(
        self,
        session: AsyncSession,
        conversation: ConversationState,
        config: DialogConfig,
        now: datetime,
        event: Incoming,
        facts: FactsCache | None = None,
        *,
        queued: bool = False,
    ) -> None:
        self.session = session
        # The replies become outbox rows in this step's transaction (Telegram): a message that
        # must be kept goes as a reply, not queued on its own.
        self.replies_queued = queued
        self.conversation = conversation
        self.config = config
        self.now = now
        self.today = now.date()
        self.event = event
        self.data: dict[str, Any] = dict(conversation.data or {})
        self.facts = facts or FactsCache(ttl=0)

    # --- customer -----------------------------------------------------------------------
    @property
    def customer_id(self) -> int:
        """The id of the customer writing."""
        assert self.conversation.customer_id is not None
        return self.conversation.customer_id

    async def load_customer(self) -> Customer:
        """The customer's record, for the steps that read or change it."""
        customer = await self.session.get(Customer, self.customer_id)
        assert customer is not None
        return customer

    @property
    def channel(self) -> ChannelCapabilities:
        """What the customer's channel can show (share button, slash commands, disclosures)."""
        return capabilities(self.event.channel)

    # --- language -----------------------------------------------------------------------
    @property
    def locale(self) -> str:
        """The conversation's language."""
        return self.conversation.locale

    def t(self, message: str, **params: object) -> str:
        """Translate `message` into the conversation's language and fill its placeholders."""
        return gettext_for(self.locale, message, **params)

    def tn(self, singular: str, plural: str, n: int, **params: object) -> str:
        """Translate a message with plural forms for count `n`."""
        return ngettext_for(self.locale, singular, plural, n, **params)

    def date(self, value: date) -> str:
        """A date written the way the customer's language writes it."""
        return local_date(value, self.locale)

    # --- buttons ------------------------------------------------------------------------
    def button(self, label: str, value: str) -> Button:
        """A button that is valid only while the current screen is shown."""
        return Button(label, f"{self.conversation.screen}.{value}")

    def navigation_row(self) -> tuple[Button, ...]:
        """Back (when there is a way back) and Cancel."""
        row = []
        if self.data.get(STACK):
            row.append(self.button(back_label(self), "nav:back"))
        row.append(self.button(leave_label(self), "nav:cancel"))
        return tuple(row)

    # --- moves --------------------------------------------------------------------------
    @property
    def flow(self) -> str:
        """The current flow's name."""
        return self.conversation.flow

    @property
    def step(self) -> str:
        """The current step's name."""
        return self.conversation.step

    async def prompt(self, *, bump: bool = True) -> list[Reply]:
        """Render the current step's question; `bump` retires the buttons shown before.

        Prompts only read, so the router may render one again (after a sticker, a stale button)
        without any effect. A stored step the code no longer has (saved by an older version) is
        logged and the customer gets the menu.
        """
        step = stored_step(self.flow, self.step)
        if step is None:
            log.warning("stored step %s/%s is unknown; showing the menu", self.flow, self.step)
            return await self.finish()
        if bump:
            self.conversation.screen += 1
        replies = await step.prompt(self)
        if step.navigation and replies and isinstance(replies[-1], Say):
            last = replies[-1]
            replies[-1] = replace(last, buttons=(*last.buttons, self.navigation_row()))
        return replies

    async def enter(self, flow: str) -> list[Reply]:
        """Take the customer into `flow` as they asked (menu, command): its `enter` handler when
        entering acts, otherwise its first step."""
        found = get_flow(flow)
        if found.enter is not None:
            return await found.enter(self)
        return await self.start(flow)

    async def start(
        self, flow: str, *, keep: dict[str, Any] | None = None, render: bool = True
    ) -> list[Reply]:
        """Begin `flow` from its first step with fresh data (plus `keep`); with `render` off
        the old buttons are retired and the caller says what comes next."""
        found = get_flow(flow)
        self.conversation.flow = found.name
        self.conversation.step = str(found.first)
        self.data = dict(keep or {})
        return await self._show(render)

    async def finish(self) -> list[Reply]:
        """End the flow under way: back to the main menu."""
        return await self.start(MENU)

    async def go(self, step: str, *, render: bool = True) -> list[Reply]:
        """Move to `step` of the current flow, remembering the way back; UnknownStep when the
        flow has no such step. An edit under way (`edit`) returns to its summary instead."""
        flow = get_flow(self.flow)
        target = str(self.data.pop(RETURN_TO, None) or step)
        flow.step(target)
        self.data[STACK] = [*self.data.get(STACK, []), self.conversation.step]
        self.conversation.step = target
        return await self._show(render)

    async def edit(self, step: str, return_to: str) -> list[Reply]:
        """Jump to `step` to change one answer, then come back to `return_to`."""
        get_flow(self.flow).step(return_to)
        replies = await self.go(step)
        self.data[RETURN_TO] = str(return_to)
        return replies

    async def back(self) -> list[Reply]:
        """Return to the previous step, or to the menu at the first one."""
        stack = list(self.data.get(STACK, []))
        if not stack:
            return await self.finish()
        self.conversation.step = stack.pop()
        self.data[STACK] = stack
        self.data.pop(RETURN_TO, None)
        return await self.prompt()

    async def back_to(self, step: str) -> list[Reply]:
        """Return to an earlier `step` of the way taken (forgetting the steps after it), or move
        there when it was not on the way."""
        get_flow(self.flow).step(step)
        step = str(step)
        stack = list(self.data.get(STACK, []))
        if step not in stack:
            return await self.go(step)
        self.data[STACK] = stack[: stack.index(step)]
        self.data.pop(RETURN_TO, None)
        self.conversation.step = step
        return await self.prompt()

    async def _show(self, render: bool) -> list[Reply]:
        if render:
            step = stored_step(self.flow, self.step)
            said = dict(self.data.get(SAID) or {})
            if step is not None and step.takes is not None and step.takes in said:
                # answered already in an earlier sentence: use it instead of asking
                content = answer_for(step.takes, said.pop(step.takes))
                self.data[SAID] = said
                self.conversation.screen += 1
                return await step.handle(self, content)
            return await self.prompt()
        self.conversation.screen += 1
        return []

    def save(self) -> None:
        """Write the working data back to the conversation row."""
        self.conversation.data = dict(self.data)
