"""Flows and steps: the shape every conversation is written in.

A flow is a named set of steps. A step renders its question (`prompt`) and takes the customer's
answer (`handle`); both return the replies to send. Steps move on with `ctx.next(step)`, which
remembers the way back, so Back and Cancel work at every step without code in the step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dialogs.types import Content, Reply

if TYPE_CHECKING:
    from dialogs.context import Context

Prompt = Callable[["Context"], Awaitable[list[Reply]]]
Handler = Callable[["Context", Content], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Step:
    """One question of a flow; `navigation` adds the Back and Cancel buttons."""

    prompt: Prompt
    handle: Handler
    navigation: bool = True


@dataclass(frozen=True)
class Flow:
    """A named conversation with its first step."""

    name: str
    first: str
    steps: Mapping[str, Step]


FLOWS: dict[str, Flow] = {}


def register(flow: Flow) -> Flow:
    """Make `flow` reachable by name."""
    FLOWS[flow.name] = flow
    return flow


def get_step(flow: str, step: str) -> Step | None:
    """The step object for stored (flow, step) names, or None when the code no longer has it."""
    found = FLOWS.get(flow)
    return found.steps.get(step) if found else None
