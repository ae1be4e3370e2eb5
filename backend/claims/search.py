"""Finding claims by what a caller reads out: claim number, phone, serial or name.

Each kind of term is one lookup over its own index (claim number, claim serial, claim contact
phone, customer phone, customer name prefix), run separately and merged, so a search costs a
few index probes at any queue size instead of a scan the planner might pick for an `OR`.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Claim
from backend.customers.models import Customer

MAX_HITS = 200
_NUMBER = re.compile(r"^(?:WR-?)?(\d{4})-?(\d{1,6})$", re.IGNORECASE)


def phone_variants(term: str) -> set[str]:
    """The E.164 forms a typed phone number may stand for (`8 916 ...` is `+7916...`)."""
    digits = re.sub(r"\D", "", term)
    if len(digits) < 7 or re.search(r"[^\d\s()+\-.]", term):
        return set()
    variants = {"+" + digits}
    if len(digits) == 11 and digits.startswith("8"):
        variants.add("+7" + digits[1:])
    if len(digits) == 10:
        variants.add("+7" + digits)
    return variants


def claim_number(term: str) -> str | None:
    """`WR-2026-000123` from `wr-2026-123`, `2026-000123` and the like."""
    match = _NUMBER.match(term.strip())
    if match is None:
        return None
    return f"WR-{match.group(1)}-{int(match.group(2)):06d}"


def _name_prefixes(term: str) -> set[str]:
    words = term.strip()
    if len(words) < 2 or any(ch.isdigit() for ch in words[:1]):
        return set()
    return {words, words[:1].upper() + words[1:], words.title(), words.lower()}


def _lookups(term: str) -> list[Select[int]]:
    term = term.strip()
    lookups: list[Select[int]] = []
    number = claim_number(term)
    if number:
        lookups.append(select(Claim.id).where(Claim.number == number))
    lookups.append(select(Claim.id).where(Claim.serial == term.upper()))
    if term.upper() != term:
        lookups.append(select(Claim.id).where(Claim.serial == term))
    phones = phone_variants(term)
    if phones:
        lookups.append(select(Claim.id).where(Claim.contact_phone.in_(phones)))
        customers = select(Customer.id).where(Customer.phone.in_(phones))
        lookups.append(select(Claim.id).where(Claim.customer_id.in_(customers)))
    for prefix in _name_prefixes(term):
        # A range, not LIKE: it uses the plain index on both databases, in any collation.
        named = (
            select(Customer.id)
            .where(Customer.name >= prefix, Customer.name < prefix + "\U0010ffff")
            .limit(MAX_HITS)
        )
        lookups.append(select(Claim.id).where(Claim.customer_id.in_(named)))
    return [lookup.limit(MAX_HITS) for lookup in lookups]


async def search_claim_ids(session: AsyncSession, term: str) -> list[int]:
    """Ids of the claims the term names, newest first (at most MAX_HITS)."""
    found: set[int] = set()
    for lookup in _lookups(term[:100]):
        found.update(await session.scalars(lookup))
    return sorted(found, reverse=True)[:MAX_HITS]
