"""What the running application holds: settings, database sessions, the dialog engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import FastAPI

from backend.clock import Clock
from backend.config import Settings
from backend.db.session import SessionFactory
from backend.runtime import Runtime
from backend.staff.throttle import ClientThrottle
from backend.web.identity import ChatIdentity
from backend.web.ratelimit import WindowLimit
from dialogs.engine import Engine

if TYPE_CHECKING:
    from backend.web.hub import ChatHub


@dataclass
class AppState:
    """Shared by every request of one process."""

    settings: Settings
    runtime: Runtime
    engine: Engine
    identity: ChatIdentity
    hub: ChatHub
    extras: dict[str, object] = field(default_factory=dict)
    sign_in_throttle: ClientThrottle = field(default_factory=ClientThrottle)
    # Claim numbers are sequential: guessing number and phone pairs must stay slow.
    lookup_limit: WindowLimit = field(default_factory=lambda: WindowLimit(10, 60.0))

    @property
    def clock(self) -> Clock:
        """The clock of the process: every "now" and "today" of a request."""
        return self.runtime.clock

    @property
    def sessions(self) -> SessionFactory:
        """The session factory of the process."""
        return self.runtime.sessions

    @property
    def report_sessions(self) -> SessionFactory:
        """Sessions for the statistics (read-only; off the event loop on SQLite)."""
        return self.runtime.report_sessions


def app_state(app: FastAPI) -> AppState:
    """The state the lifespan stored on the application."""
    state = app.state.warranty
    assert isinstance(state, AppState)
    return state
