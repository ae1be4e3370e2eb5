"""API keys: only a hash is stored; the key itself is shown once when made."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum, utcnow


class ApiScope(enum.StrEnum):
    """What a key may do."""

    INTEGRATION = "integration"  # create claims
    MANAGER = "manager"  # read statistics


class ApiKey(Base):
    """A key an admin made for one integration."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[ApiScope] = mapped_column(str_enum(ApiScope))
    revoked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
