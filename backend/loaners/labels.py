"""Names of loaner states and loan statuses, in every language (gettext msgids)."""

from __future__ import annotations

from backend.i18n import N_

UNIT_STATE_NAMES: dict[str, str] = {
    "available": N_("Available"),
    "issued": N_("Issued"),
    "in_service": N_("In service"),
    "retired": N_("Retired"),
}
LOAN_STATUS_NAMES: dict[str, str] = {
    "requested": N_("Requested, not issued yet"),
    "issued": N_("With the customer"),
    "returned": N_("Returned"),
    "withdrawn": N_("Withdrawn"),
}
