"""Domain errors: what a use case refuses, with a stable code and a message for people.

A service raises a `DomainError` before it writes anything, so the caller's transaction holds
nothing half done. Each transport turns one into its own answer in one place: the dialog router
replies with the message in the conversation's language and asks the step again
(`dialogs/router.py`), the API answers JSON with the HTTP status of its code
(`backend/web/api/errors.py`), the staff console shows the message on the page it redirects to.
"""

from __future__ import annotations

from backend.i18n import N_


class DomainError(Exception):
    """A refusal the product gives on purpose: `code` for machines, `message` (a gettext msgid
    with `params` for its placeholders) for people."""

    code = "domain_error"
    message = N_("This can't be done right now.")

    def __init__(self, detail: str = "", **params: object) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.params = params


class NotFound(DomainError):
    """The thing asked for does not exist, or does not belong to whoever asks."""

    code = "not_found"
    message = N_("This was not found.")


class RemedyNotAllowed(DomainError):
    """The remedy asked for is not one the law and the policy allow for this claim now."""

    code = "remedy_not_allowed"
    message = N_("This remedy is not available for this item now.")


class UnknownItem(DomainError):
    """Neither the serial nor the model names an item of the catalog."""

    code = "unknown_item"
    message = N_("We could not find this serial number: give the model and the purchase date.")


class StaleClaim(DomainError):
    """Someone changed the claim after the person acting on it had loaded it."""

    code = "stale_claim"
    message = N_(
        "Someone else changed this claim while you were looking at it. "
        "Here it is as it stands now; please check and try again."
    )


class UnknownModel(DomainError):
    """The model code names no product of the catalog."""

    code = "unknown_model"
    message = N_("We have no product with this model code.")


class FuturePurchaseDate(DomainError):
    """A purchase date that has not come yet."""

    code = "future_date"
    message = N_("The purchase date can't be in the future.")


def messages_by_code() -> dict[str, str]:
    """The message of every domain error by its code, for a transport that passes only the code
    along (the console's redirect after a refused form)."""
    found: dict[str, str] = {}
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        kind = pending.pop()
        found[kind.code] = kind.message
        pending.extend(kind.__subclasses__())
    return found


class WriteConflict(Exception):
    """A write lost a race that a fresh try wins: a unique key another transaction took
    meanwhile (two first events of one conversation, a booking reference drawn twice).

    Not a refusal: whoever runs the use case rolls back and runs it again from fresh reads.
    """
