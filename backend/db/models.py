"""Import every model so the metadata is complete (for migrations and tests)."""

from backend.catalog.models import Product, Unit
from backend.claims.models import Attachment, Claim, ClaimEvent, ClaimNumberCounter
from backend.claims.saved_filters import SavedFilter
from backend.conversations.models import Conversation, ConversationMessage
from backend.customers.models import ChannelIdentity, Customer
from backend.db.base import Base
from backend.escalations.models import ChangeEvent, Escalation, EscalationMessage, EscalationRead
from backend.integrations.models import ApiKey
from backend.loaners.models import Loan, LoanerUnit
from backend.notifications.models import OutboxMessage, ProcessedEvent
from backend.parts.models import (
    ComponentFailure,
    LabourEntry,
    Part,
    PartRequest,
    Supplier,
    SupplierClaim,
    SupplierClaimItem,
)
from backend.recalls.models import RecallCampaign, RecallRecipient
from backend.reports.models import ManagerReport, StaffLinkCode, StaffTelegramLink
from backend.staff.audit import AuditEntry
from backend.staff.canned import CannedReply
from backend.staff.models import StaffSession, StaffUser
from backend.transport.models import DropoffPoint, PickupSlot, TransportBooking
from backend.written_claims.models import WrittenClaim

__all__ = [
    "ApiKey",
    "Attachment",
    "AuditEntry",
    "Base",
    "CannedReply",
    "ChangeEvent",
    "ChannelIdentity",
    "Claim",
    "ClaimEvent",
    "ClaimNumberCounter",
    "ComponentFailure",
    "Conversation",
    "ConversationMessage",
    "Customer",
    "DropoffPoint",
    "Escalation",
    "EscalationMessage",
    "EscalationRead",
    "LabourEntry",
    "Loan",
    "LoanerUnit",
    "ManagerReport",
    "OutboxMessage",
    "Part",
    "PartRequest",
    "PickupSlot",
    "ProcessedEvent",
    "Product",
    "RecallCampaign",
    "RecallRecipient",
    "SavedFilter",
    "StaffLinkCode",
    "StaffSession",
    "StaffTelegramLink",
    "StaffUser",
    "Supplier",
    "SupplierClaim",
    "SupplierClaimItem",
    "TransportBooking",
    "Unit",
    "WrittenClaim",
]
