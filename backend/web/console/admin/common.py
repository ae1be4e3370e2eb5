"""What every administration page shares: the admin role, messages, the page frame."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.i18n import N_
from backend.staff.models import Role, StaffUser
from backend.web.console.pages import console_page
from backend.web.console.session import require

Admin = Annotated[StaffUser, Depends(require(Role.ADMIN))]

# Outcomes and refusals shown at the top of a page after a form, by the code in `?msg=`.
MESSAGES: dict[str, str] = {
    "saved": N_("Saved."),
    "expired": N_("The form expired. Please try again."),
    "login_invalid": N_(
        "A login is 2–64 characters: Latin letters, digits, dots, dashes or underscores."
    ),
    "login_taken": N_("This login is already taken."),
    "name_too_long": N_("The display name is too long (at most 200 characters)."),
    "own_account": N_("You can't disable your own account or change your own role."),
    "last_admin": N_("This is the last active administrator: keep the role and the account."),
    "window_invalid": N_("Write the time window as 10:00-14:00, the start before the end."),
    "capacity_invalid": N_("The capacity is a whole number from 0 to 500."),
    "capacity_below_booked": N_("The capacity can't be below the pickups already booked."),
    "day_passed": N_("This day has passed."),
    "slot_exists": N_("This day already has a slot with this window."),
    "point_incomplete": N_("A drop-off point needs a name and an address."),
    "point_too_long": N_("The name, address or opening hours are too long."),
    "canned_invalid": N_(
        "A canned reply needs a language, a title (up to 100 characters) and a text."
    ),
    "not_found": N_("It no longer exists."),
    "invalid": N_("Please check the form: a field has a value that can't be used."),
}


def admin_page(
    request: Request, template: str, user: StaffUser, status_code: int = 200, **context: Any
) -> Response:
    """An administration page with the message of `?msg=` if any."""
    code = context.pop("msg", None) or request.query_params.get("msg", "")
    return console_page(
        request,
        f"admin/{template}",
        user,
        status_code=status_code,
        message=MESSAGES.get(code, ""),
        message_is_error=code not in ("", "saved"),
        **context,
    )


def back(path: str, code: str) -> Response:
    """Back to the page after a form, with the outcome to show."""
    return RedirectResponse(f"{path}?msg={code}", status_code=303)


# What an audit line did, and the names of the fields its summaries hold.
AUDIT_NAMES: dict[str, str] = {
    "staff.create": N_("Account created"),
    "staff.update": N_("Account changed"),
    "staff.password_reset": N_("Password reset"),
    "staff.disable": N_("Account disabled"),
    "staff.enable": N_("Account enabled"),
    "catalog.products": N_("Products imported"),
    "catalog.units": N_("Sales registry imported"),
    "slot.create": N_("Pickup slot added"),
    "slot.update": N_("Pickup slot changed"),
    "dropoff.create": N_("Drop-off point added"),
    "dropoff.update": N_("Drop-off point changed"),
    "canned.create": N_("Canned reply added"),
    "canned.update": N_("Canned reply changed"),
    "canned.delete": N_("Canned reply deleted"),
    "loaner.create": N_("Loaner unit added"),
    "loaner.update": N_("Loaner unit changed"),
    "loaner.import": N_("Loaner units imported"),
}
FIELD_NAMES: dict[str, str] = {
    "display_name": N_("Display name"),
    "role": N_("Role"),
    "is_active": N_("Active"),
    "active": N_("Active"),
    "capacity": N_("Capacity"),
    "day": N_("Day"),
    "window": N_("Time window"),
    "name": N_("Point name"),
    "address": N_("Address"),
    "hours": N_("Opening hours"),
    "locale": N_("Language"),
    "title": N_("Title"),
    "text": N_("Text"),
    "created": N_("created"),
    "updated": N_("updated"),
    "unchanged": N_("unchanged"),
    "rejected": N_("rejected"),
    "model": N_("Model"),
    "category": N_("Product category"),
    "state": N_("State"),
    "location": N_("Location"),
    "notes": N_("Notes"),
    # A loaner unit's state as a value ("state:<code>").
    "state:available": N_("Available"),
    "state:issued": N_("Issued"),
    "state:in_service": N_("In service"),
    "state:retired": N_("Retired"),
}
