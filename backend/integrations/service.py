"""Making, checking and revoking API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.integrations.models import ApiKey, ApiScope


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def create_key(session: AsyncSession, name: str, scope: ApiScope) -> tuple[ApiKey, str]:
    """A new key (no commit); the plain key is returned once and never stored."""
    prefix = secrets.token_hex(4)
    plain = f"wi_{prefix}_{secrets.token_urlsafe(24)}"
    key = ApiKey(name=name[:100], prefix=prefix, key_hash=_hash(plain), scope=scope)
    session.add(key)
    await session.flush()
    return key, plain


async def check_key(
    session: AsyncSession, plain: str | None, scope: ApiScope, now: datetime
) -> ApiKey | None:
    """The active key with this value and exactly this scope, marked used at `now`."""
    if not plain or not plain.startswith("wi_") or plain.count("_") < 2:
        return None
    prefix = plain.split("_", 2)[1]
    key = await session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or key.revoked or not hmac.compare_digest(key.key_hash, _hash(plain)):
        return None
    if key.scope is not scope:
        return None
    key.last_used_at = now
    return key


async def revoke_key(session: AsyncSession, prefix: str) -> bool:
    """Revoke the key with this prefix; False when there is none."""
    key = await session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None:
        return False
    key.revoked = True
    return True
