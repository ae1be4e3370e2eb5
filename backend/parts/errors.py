"""What the spare-parts use cases refuse (codes and messages, see `backend.errors`)."""

from __future__ import annotations

from backend.errors import DomainError
from backend.i18n import N_


class UnknownPart(DomainError):
    """The part named is not one of the claim's model (or no longer exists)."""

    code = "unknown_part"
    message = N_("This part is not in the parts catalog of the claim's model.")


class PartStepNotAllowed(DomainError):
    """A part request asked to move where its state does not lead."""

    code = "part_step_not_allowed"
    message = N_("This part request can't move to that state now.")


class NothingToClaim(DomainError):
    """A supplier claim was asked for a component with no diagnosed failures in the period."""

    code = "nothing_to_claim"
    message = N_("No diagnosed failures of this component from this supplier in the period.")


class SupplierClaimStepNotAllowed(DomainError):
    """A supplier claim asked to move where its state does not lead."""

    code = "supplier_claim_step_not_allowed"
    message = N_("This supplier claim can't move to that state now.")
