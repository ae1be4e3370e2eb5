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
    "battery": N_("Battery"),
    "damage": N_("Physical damage"),
    "drum": N_("Drum doesn't turn"),
    "door": N_("Door or lid"),
    "drain": N_("Doesn't drain or fill with water"),
    "error_code": N_("Shows an error code"),
    "poor_cleaning": N_("Dishes stay dirty"),
    "cooling": N_("Doesn't cool enough"),
    "heating": N_("Doesn't heat"),
    "sound": N_("No sound or bad sound"),
    "connectivity": N_("Wi-Fi, Bluetooth or network"),
    "software": N_("Software or apps"),
    "remote": N_("Remote control"),
    "charging": N_("Doesn't charge"),
    "camera": N_("Camera"),
    "keyboard": N_("Keyboard or touchpad"),
    "overheating": N_("Overheats"),
    "suction": N_("Weak suction"),
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
    ClaimStatus.REPLACING: N_("Replacement under way"),
    ClaimStatus.PAYING: N_("Payment under way"),
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
    "loaner_issued": N_("Loaner unit issued"),
    "loaner_returned": N_("Loaner unit returned"),
    "written_claim_received": N_("Written claim received"),
    "written_claim_answered": N_("Answer to the written claim sent"),
}

ACTION_NAMES: dict[str, str] = {
    "accept": N_("Accept"),
    "request_item": N_("Request the item"),
    "start_diagnosis": N_("Item received: start diagnosis"),
    "record_diagnosis": N_("Record diagnosis"),
    "send_to_examination": N_("Send to independent examination"),
    "examination_done": N_("Examination done"),
    "request_parts": N_("Request spare parts"),
    "parts_arrived": N_("Parts arrived"),
    "decide": N_("Decide"),
    "mark_ready": N_("Mark ready for the customer"),
    "close": N_("Close"),
    "reject": N_("Reject claim"),
    "cancel": N_("Cancel claim"),
    "taken": N_("Taken"),
    "created": N_("Claim registered"),
    "transport_booked": N_("Transport booked"),
    "rated": N_("Rated"),
    "loaner_issued": N_("Loaner unit issued"),
    "loaner_signed": N_("Loaner issue act signed"),
    "loaner_returned": N_("Loaner unit returned"),
    "loaner_reminded": N_("Reminder: return the loaner unit"),
    "written_claim_received": N_("Written claim received"),
    "written_claim_answered": N_("Answer to the written claim sent"),
}

DECISION_NAMES: dict[str, str] = {
    "repair": N_("Repair"),
    "replace": N_("Replace"),
    "refund": N_("Refund"),
    "price_reduction": N_("Price reduction"),
    "reject": N_("Reject"),
}

DIAGNOSIS_NAMES: dict[str, str] = {
    "manufacturing_defect": N_("Manufacturing defect"),
    "misuse": N_("Misuse"),
    "no_fault_found": N_("No fault found"),
}

AUTHOR_NAMES: dict[str, str] = {
    "customer": N_("Customer"),
    "staff": N_("Staff"),
    "system": N_("System"),
}

BADGE_NAMES: dict[str, str] = {
    "on_time": N_("On time"),
    "due_soon": N_("Due soon"),
    "overdue": N_("Overdue"),
    "done": N_("Resolved"),
}


# How a claim's purchase is proven (RU art. 18 p.5: a missing receipt is no bar).
PURCHASE_PROOFS: dict[str, str] = {
    "receipt": N_("receipt or warranty card"),
    "sales_registry": N_("the company's sales records"),
    "bank_statement": N_("bank or card statement"),
    "warranty_card": N_("warranty card"),
    "order_number": N_("order number from the shop"),
    "witness": N_("witness statement"),
    "other": N_("other evidence"),
    "to_be_proven": N_("still to be proven"),
}


# Reasons for cancelling or rejecting a claim, as the customer reads them.
REASON_NAMES: dict[str, str] = {
    "customer_withdrew": N_("You withdrew the claim"),
    "duplicate": N_("It repeats another claim of yours"),
    "item_not_provided": N_("The item was not handed over for the check"),
    "misuse": N_("The defect comes from use against the instructions"),
    "external_damage": N_("The defect comes from mechanical or external damage"),
    "no_fault_found": N_("The check found no defect"),
    "out_of_warranty": N_("The warranty period has ended and the law gives no further claim"),
    "unauthorised_repair": N_("The item was opened or repaired by someone else"),
    "other": N_("Another reason (write it below)"),
}

# Codes stored on claims, bookings, accounts and messages, as the console names them.
CHANNEL_NAMES: dict[str, str] = {
    "telegram": N_("Telegram"),
    "web": N_("Web chat"),
    "terminal": N_("Terminal"),
    "api": N_("Integration"),
}
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ru": "Русский", "ko": "한국어"}
BOOKING_NAMES: dict[str, str] = {"pickup": N_("Courier pickup"), "dropoff": N_("Drop-off point")}
ROLE_NAMES: dict[str, str] = {
    "agent": N_("Agent"),
    "manager": N_("Manager"),
    "admin": N_("Administrator"),
}
DELIVERY_NAMES: dict[str, str] = {
    "pending": N_("waiting to be sent"),
    "sent": N_("delivered"),
    "failed": N_("not delivered"),
    "blocked": N_("not delivered: the customer blocked the bot"),
}
ATTACHMENT_NAMES: dict[str, str] = {
    "photo": N_("Photo"),
    "video": N_("Video"),
    "document": N_("Document"),
    "receipt": N_("Receipt"),
    "claim_letter": N_("Written claim"),
}

DEMAND_NAMES: dict[str, str] = {
    "repair": N_("Repair"),
    "replace": N_("Replacement"),
    "refund": N_("Refund"),
    "price_reduction": N_("Price reduction"),
    "penalty": N_("Penalty or damages"),
}

ANSWER_NAMES: dict[str, str] = {
    "granted": N_("Granted"),
    "partly": N_("Granted in part"),
    "refused": N_("Refused"),
}
