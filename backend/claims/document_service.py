"""Staff use cases around the claim's documents: record the details, send a document.

Both write a timeline event with the staff member in the caller's transaction (no commit); a
sent document is queued in the outbox for every chat of the customer (a Telegram document; in
the web chat a link only that chat's cookie opens).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.documents import (
    KINDS,
    Letterhead,
    document_filename,
    document_pdf,
    store_claim_pdf,
)
from backend.claims.models import ActorKind, Claim, ClaimEvent
from backend.claims.papers import PAPERWORK, Paperwork, claim_papers
from backend.i18n import N_, gettext_for
from backend.notifications.service import enqueue
from backend.staff.models import StaffUser
from backend.warranty.rules import load_rules

DOCUMENT_SENT = "document_sent"
LONGEST_TERM_DAYS = 365  # where no law caps the agreed term, a sanity limit for the form


class PaperworkRefused(ValueError):
    """The entered details cannot go on paper; `code` names the reason for the page."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def longest_agreed_term(jurisdiction: str) -> int:
    """The longest repair term the parties may agree in writing (RU art. 20 p.1: 45 days)."""
    if jurisdiction == "RU":
        return int(load_rules("RU").rule("ru.repair").params["days"])
    return LONGEST_TERM_DAYS


def _event(claim: Claim, staff: StaffUser, action: str, now: datetime) -> ClaimEvent:
    status = claim.status.value
    return ClaimEvent(
        claim_id=claim.id,
        at=now,
        actor_kind=ActorKind.STAFF,
        actor_id=staff.id,
        actor_name=staff.display_name or staff.login,
        action=action,
        from_status=status,
        to_status=status,
        details={},
    )


async def record_paperwork(
    session: AsyncSession, claim: Claim, staff: StaffUser, paperwork: Paperwork, now: datetime
) -> ClaimEvent:
    """Keep the details staff entered for the documents as a timeline event (no commit)."""
    days = paperwork.agreed_repair_days
    if days is not None and not 1 <= days <= longest_agreed_term(claim.jurisdiction):
        raise PaperworkRefused("term_too_long")
    if not 1 <= paperwork.packages <= 99:
        raise PaperworkRefused("paperwork_invalid")
    event = _event(claim, staff, PAPERWORK, now)
    event.details = paperwork.as_details()
    session.add(event)
    await session.flush()
    return event


async def send_document(
    session: AsyncSession,
    claim: Claim,
    staff: StaffUser,
    request: tuple[str, str],
    letterhead: Letterhead,
    media_dir: Path,
) -> list[int]:
    """Queue the document `request` names (kind, language) for the customer's chats.

    Returns the outbox ids (none when the customer has no chat to send to); no commit."""
    kind, locale = request
    papers = await claim_papers(session, claim)
    pdf = await asyncio.to_thread(document_pdf, papers, kind, locale, letterhead)
    path = store_claim_pdf(pdf, media_dir, claim.number, kind)
    caption = gettext_for(
        locale,
        N_("{title} No. {number}"),
        title=gettext_for(locale, KINDS[kind].title),
        number=claim.number,
    )
    ids = await enqueue(
        session,
        claim.customer_id,
        now=letterhead.now,
        kind="document",
        text=caption,
        claim_id=claim.id,
        payload={"document": str(path.resolve()), "filename": document_filename(papers, kind)},
    )
    if ids:
        event = _event(claim, staff, DOCUMENT_SENT, letterhead.now)
        event.details = {"document": kind, "language": locale, "outbox_ids": ids}
        session.add(event)
        await session.flush()
    return ids
