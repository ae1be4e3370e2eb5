"""What the loaner pool refuses, with codes the console maps to messages."""

from __future__ import annotations

from backend.errors import DomainError
from backend.i18n import N_


class LoanerUnavailable(DomainError):
    """The unit was issued or changed by someone else after the page showed it."""

    code = "loaner_unavailable"
    message = N_(
        "This loaner unit was just issued or changed by someone else. "
        "Here is the pool as it stands now: choose another unit."
    )


class LoanNotOpen(DomainError):
    """The loan was handled meanwhile (issued, returned or withdrawn)."""

    code = "loan_not_open"
    message = N_(
        "Someone else has already handled this loaner meanwhile. Here it is as it stands now."
    )


class LoanerUnitInvalid(DomainError):
    """A unit without a serial, a model or a category, or with a value too long."""

    code = "loaner_unit_invalid"
    message = N_(
        "A loaner unit needs a serial number, a model and a product category "
        "(up to 64 characters each)."
    )


class LoanerSerialTaken(DomainError):
    """Another unit of the pool has this serial."""

    code = "loaner_serial_taken"
    message = N_("The pool already has a loaner unit with this serial number.")


class LoanerStateLocked(DomainError):
    """An issued unit changes state only through its return, and no unit becomes issued by hand."""

    code = "loaner_state_locked"
    message = N_(
        "An issued unit comes back through the return on its claim, "
        "and a unit is issued only from a claim."
    )


class SignerRequired(DomainError):
    """The signature of the act needs the name of the person who signed."""

    code = "signer_required"
    message = N_("Write the name of the person who signed the act on delivery.")


class DueBackInvalid(DomainError):
    """A due-back date before the day of issue."""

    code = "due_back_invalid"
    message = N_("The return date can't be before today.")


class ClaimFinished(DomainError):
    """The claim's work is over (ready, closed, rejected or cancelled): no unit is lent now."""

    code = "claim_finished"
    message = N_("The work on this claim is over, so no loaner unit is issued for it any more.")
