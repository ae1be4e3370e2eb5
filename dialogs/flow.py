"""Flows and steps: the shape every conversation is written in.

A flow is a named set of steps, named by one `StrEnum` of the flow's own. A step renders its
question (`prompt`, which only reads) and takes the customer's answer (`handle`, where every side
effect lives); both return the replies to send. Steps move with the context's helpers
(`ctx.go(step)`, `ctx.back()`, `ctx.finish()`), which remember the way back, so Back and Cancel
work at every step without code in the step.

A flow also declares how a customer reaches it: its menu button, its slash commands and the line
`/help` and Telegram's command list show. The menu, `/help` and the command list are built from
these declarations, so adding a flow is one module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dialogs.config import DialogConfig
from dialogs.types import Content, Reply

if TYPE_CHECKING:
    from dialogs.context import Context

Prompt = Callable[["Context"], Awaitable[list[Reply]]]
Handler = Callable[["Context", Content], Awaitable[list[Reply]]]
Enter = Callable[["Context"], Awaitable[list[Reply]]]
# Slow work on an answer (reading a photo) done before the step's transaction opens.
Prepare = Callable[[DialogConfig, Content], Awaitable[None]]
S = TypeVar("S", bound=StrEnum)


class UnknownStep(LookupError):
    """A step name that the flow does not declare: a programming error, never a customer's."""


@dataclass(frozen=True)
class Step:
    """One question of a flow; `navigation` adds the Back and Cancel buttons.

    `prepare`, when set, runs on the answer before the transaction that handles it (the engine
    calls it when it knows the conversation's step), so slow work such as reading a photo holds
    no transaction other conversations share; it keeps its result where `handle` finds it."""

    prompt: Prompt
    handle: Handler
    navigation: bool = True
    prepare: Prepare | None = None


@dataclass(frozen=True)
class Entry:
    """How a customer reaches a flow: a menu button, slash commands and their one-line help.

    `commands[0]` is the one Telegram lists and `/help` names; the others are aliases. `order`
    places the flow in the menu and the lists.
    """

    menu_label: str
    commands: tuple[str, ...]
    help_line: str
    order: int


@dataclass(frozen=True)
class Flow(Generic[S]):
    """A named conversation: its steps (keyed by its step enum), the first one, how it is
    reached and, when entering it must act (open a thread), the handler that enters it."""

    name: str
    first: S
    steps: Mapping[S, Step]
    entry: Entry | None = None
    enter: Enter | None = field(default=None, compare=False)

    def step(self, name: str) -> Step:
        """The step called `name`; UnknownStep when the flow has none of that name."""
        found = self.steps.get(name)  # type: ignore[call-overload]  # a StrEnum is its str
        if found is None:
            raise UnknownStep(f"flow {self.name!r} has no step {name!r}")
        return found  # type: ignore[no-any-return]


FLOWS: dict[str, Flow[Any]] = {}


def register(flow: Flow[S]) -> Flow[S]:
    """Make `flow` reachable by name, after checking its steps against its step enum."""
    kinds = {type(name) for name in flow.steps} | {type(flow.first)}
    if len(kinds) != 1:
        names = sorted(kind.__name__ for kind in kinds)
        raise UnknownStep(f"flow {flow.name!r} mixes step enums: {names}")
    (kind,) = kinds
    if not issubclass(kind, StrEnum):
        raise UnknownStep(f"flow {flow.name!r} names its steps with {kind.__name__}, not a StrEnum")
    missing = set(kind) - set(flow.steps)
    if missing:
        raise UnknownStep(f"flow {flow.name!r} has no step for {sorted(missing)}")
    if flow.name in FLOWS and FLOWS[flow.name] is not flow:
        raise ValueError(f"flow {flow.name!r} is registered twice")
    FLOWS[flow.name] = flow
    return flow


def get_flow(name: str) -> Flow[Any]:
    """The registered flow called `name`; UnknownStep when there is none."""
    found = FLOWS.get(name)
    if found is None:
        raise UnknownStep(f"no flow {name!r}")
    return found


def stored_step(flow: str, step: str) -> Step | None:
    """The step for stored (flow, step) names, or None when the code no longer has it (a
    conversation saved by an older version); code moving to a step uses `Flow.step`."""
    found = FLOWS.get(flow)
    return found.steps.get(step) if found else None


def entries() -> list[tuple[Flow[Any], Entry]]:
    """Every flow a customer can reach from the menu, in menu order."""
    declared = [(flow, flow.entry) for flow in FLOWS.values() if flow.entry is not None]
    return sorted(declared, key=lambda pair: pair[1].order)
