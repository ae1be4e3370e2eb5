"""What a customer handed to a person can expect: their place in line and the usual wait."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.escalations.models import Escalation, EscalationStatus
from backend.i18n import N_, gettext_for, ngettext_for

RECENT = 50  # the usual wait is the median first response of this many recent escalations
RECENT_DAYS = 30
MIN_SAMPLES = 3


@dataclass(frozen=True)
class Expectation:
    """Place in line (1 = next) and the median first-response time, when known."""

    place: int
    usual_wait: timedelta | None


async def place_in_line(session: AsyncSession, escalation: Escalation) -> int:
    """How many unanswered open escalations came before this one, plus one."""
    ahead = await session.scalar(
        select(func.count())
        .select_from(Escalation)
        .where(
            Escalation.status == EscalationStatus.OPEN,
            Escalation.first_staff_reply_at.is_(None),
            Escalation.id < escalation.id,
        )
    )
    return int(ahead or 0) + 1


async def usual_wait(session: AsyncSession, now: datetime) -> timedelta | None:
    """The median first-response time of recent answered escalations, or None if too few."""
    rows = (
        await session.execute(
            select(Escalation.created_at, Escalation.first_staff_reply_at)
            .where(
                Escalation.first_staff_reply_at.is_not(None),
                Escalation.created_at >= now - timedelta(days=RECENT_DAYS),
            )
            .order_by(Escalation.id.desc())
            .limit(RECENT)
        )
    ).all()
    waits = [(reply - opened).total_seconds() for opened, reply in rows if reply is not None]
    if len(waits) < MIN_SAMPLES:
        return None
    return timedelta(seconds=max(0.0, statistics.median(waits)))


async def expectation(session: AsyncSession, escalation: Escalation, now: datetime) -> Expectation:
    """Place in line and usual wait for a customer who has just been handed over."""
    return Expectation(await place_in_line(session, escalation), await usual_wait(session, now))


def describe_wait(locale: str, expected: Expectation) -> str:
    """One or two sentences for the customer, in their language; empty when nothing is known."""
    parts: list[str] = []
    if expected.place > 1:
        parts.append(
            gettext_for(locale, N_("You are number {place} in line."), place=expected.place)
        )
    if expected.usual_wait is not None:
        minutes = max(1, round(expected.usual_wait.total_seconds() / 60))
        if minutes >= 120:
            hours = round(minutes / 60)
            parts.append(
                ngettext_for(
                    locale,
                    "A colleague usually answers within about {n} hour.",
                    "A colleague usually answers within about {n} hours.",
                    hours,
                )
            )
        else:
            parts.append(
                ngettext_for(
                    locale,
                    "A colleague usually answers within {n} minute.",
                    "A colleague usually answers within {n} minutes.",
                    minutes,
                )
            )
    return " ".join(parts)
