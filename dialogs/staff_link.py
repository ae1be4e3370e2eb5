"""`/link CODE`: a manager links this Telegram chat to their console account (the code comes
from the console's reports page); it is listed nowhere, customers have no use for it."""

from __future__ import annotations

from backend.i18n import N_
from backend.reports.links import redeem_link_code
from dialogs.context import Context
from dialogs.types import Reply, Say

LINK_COMMAND = "link"


async def link_staff_chat(ctx: Context, code: str) -> list[Reply]:
    """Link the chat with a valid code, or say the code does not work."""
    staff = await redeem_link_code(ctx.session, code, ctx.event.user_id, ctx.now)
    if staff is None:
        return [Say(ctx.t(N_("This link code does not work. Show a new one in the console.")))]
    name = staff.display_name or staff.login
    return [Say(ctx.t(N_("Linked to {name}: complaint reports will arrive here."), name=name))]
