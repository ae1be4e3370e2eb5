"""Names of defect categories and claim statuses, in every language (gettext msgids)."""

from __future__ import annotations

from backend.claims.models import ClaimStatus
from backend.i18n import N_

DEFECT_CATEGORIES: dict[str, str] = {
    "no_power": N_("Doesn't turn on"),
    "stops": N_("Switches off or stops working"),
    "noise": N_("Noise or vibration"),
    "leak": N_("Leaks"),
    "display": N_("Screen or picture"),
    "battery": N_("Battery or charging"),
    "damage": N_("Physical damage"),
    "other": N_("Something else"),
}

STATUS_NAMES: dict[str, str] = {
    ClaimStatus.NEW: N_("Received"),
    ClaimStatus.ACCEPTED: N_("Accepted"),
    ClaimStatus.AWAITING_ITEM: N_("Waiting for the item"),
    ClaimStatus.DIAGNOSIS: N_("Diagnosis"),
    ClaimStatus.EXAMINATION: N_("Independent examination"),
    ClaimStatus.WAITING_PARTS: N_("Waiting for spare parts"),
    ClaimStatus.IN_REPAIR: N_("In repair"),
    ClaimStatus.READY: N_("Ready"),
    ClaimStatus.CLOSED: N_("Closed"),
    ClaimStatus.REJECTED: N_("Rejected"),
    ClaimStatus.CANCELLED: N_("Cancelled"),
}

EVENT_NAMES: dict[str, str] = {
    "created": N_("Claim registered"),
    "transport_booked": N_("Transport booked"),
    "status_changed": N_("Status changed"),
    "rated": N_("You rated the service"),
}
