"""API keys made for tests of the public API."""

from __future__ import annotations

from backend.db.session import SessionFactory
from backend.integrations.models import ApiScope
from backend.integrations.service import create_key


async def make_key(sessions: SessionFactory, scope: ApiScope = ApiScope.INTEGRATION) -> str:
    async with sessions() as session:
        _, plain = await create_key(session, "site form", scope)
        await session.commit()
    return plain
