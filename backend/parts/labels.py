"""Names of part-request and supplier-claim states, and their actions (gettext msgids)."""

from __future__ import annotations

from backend.i18n import N_
from backend.parts.models import PartState, SupplierClaimState

PART_STATE_NAMES: dict[str, str] = {
    PartState.REQUESTED: N_("Requested"),
    PartState.ORDERED: N_("Ordered"),
    PartState.RECEIVED: N_("Received"),
    PartState.FITTED: N_("Fitted"),
    PartState.CANCELLED: N_("Cancelled"),
}
# The button that moves a request to a state.
PART_STEP_NAMES: dict[str, str] = {
    PartState.ORDERED: N_("Mark ordered"),
    PartState.RECEIVED: N_("Mark received"),
    PartState.FITTED: N_("Mark fitted"),
    PartState.CANCELLED: N_("Cancel request"),
}
SUPPLIER_CLAIM_STATE_NAMES: dict[str, str] = {
    SupplierClaimState.DRAFT: N_("Draft"),
    SupplierClaimState.SENT: N_("Sent"),
    SupplierClaimState.ACCEPTED: N_("Accepted by the supplier"),
    SupplierClaimState.REJECTED: N_("Rejected by the supplier"),
}
SUPPLIER_CLAIM_STEP_NAMES: dict[str, str] = {
    SupplierClaimState.SENT: N_("Mark sent"),
    SupplierClaimState.ACCEPTED: N_("Supplier accepted"),
    SupplierClaimState.REJECTED: N_("Supplier rejected"),
}
