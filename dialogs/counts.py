"""Counts that read naturally: "No photos or videos", "1 photo or video", "5 photos or videos"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.i18n import N_

if TYPE_CHECKING:
    from dialogs.context import Context


def media_count(ctx: Context, n: int) -> str:
    """How many photos or videos, with the plural form of the customer's language."""
    if n == 0:
        return ctx.t(N_("No photos or videos"))
    return ctx.tn("{n} photo or video", "{n} photos or videos", n)
