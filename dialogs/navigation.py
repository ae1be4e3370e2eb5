"""The words of the navigation row: what "Back" returns to, and whether anything is cancelled.

Browsing flows (my claims, the warranty check, the language) collect nothing, so their way out is
"Main menu" with no "Cancelled."; flows that collect answers say what was dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.i18n import N_

if TYPE_CHECKING:
    from dialogs.context import Context

BROWSING_FLOWS = frozenset({"menu", "claims", "warranty", "language"})
# Module-level messages: Babel does not extract a message nested in another call inside `t()`.
BACK = N_("⬅ Back")
CANCELLED = N_("Cancelled.")
BACK_LABELS = {"claims": N_("⬅ Back to my claims")}
STOPPED = {
    "claim": N_("Stopped. The claim was not registered."),
    "transport": N_("Stopped. Nothing was booked."),
}


def back_label(ctx: Context) -> str:
    """The label of the Back button in the current flow."""
    return ctx.t(BACK_LABELS.get(ctx.flow, BACK))


def leave_label(ctx: Context) -> str:
    """The label of the button that leaves the flow."""
    return ctx.t(N_("🏠 Main menu") if ctx.flow in BROWSING_FLOWS else N_("✖ Cancel"))


def leave_words(ctx: Context) -> list[str]:
    """What to say on leaving the flow: nothing where nothing was being done."""
    if ctx.flow in BROWSING_FLOWS:
        return []
    return [ctx.t(STOPPED.get(ctx.flow, CANCELLED))]
