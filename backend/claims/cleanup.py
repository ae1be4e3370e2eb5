"""Clean-up of MEDIA_DIR: files nothing refers to, and photos of dialogs never finished.

A file is stored before its attachment row is written, so only files older than a grace
period count as orphans; a dialog's photos wait a month for their claim before they go.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.claims.models import Attachment

DRAFT_TTL = timedelta(days=30)
ORPHAN_GRACE = timedelta(hours=6)
# Generated documents are referenced from conversation history and manager reports from the
# outbox, not from attachment rows: a report waiting in the outbox must still find its file.
KEPT_FOLDERS = frozenset({"documents", "reports"})


@dataclass(frozen=True)
class Cleaned:
    """What one clean-up removed."""

    drafts: int
    files: int


def _orphans(media_dir: Path, paths: set[str], digests: set[str], before: float) -> int:
    """Delete old files under `media_dir` that no attachment refers to; how many went."""
    removed = 0
    for path in media_dir.rglob("*"):
        relative = path.relative_to(media_dir)
        if relative.parts[0] in KEPT_FOLDERS or not path.is_file():
            continue
        if relative.parts[0] == "previews":
            known = path.stem in digests
        else:
            known = relative.as_posix() in paths
        if not known and path.stat().st_mtime < before:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


async def clean_media(session: AsyncSession, media_dir: Path, now: datetime) -> Cleaned:
    """Drop abandoned draft attachments, then every old file no attachment refers to."""
    result = await session.execute(
        delete(Attachment).where(
            Attachment.claim_id.is_(None), Attachment.created_at < now - DRAFT_TTL
        )
    )
    await session.commit()
    rows = (await session.execute(select(Attachment.path, Attachment.sha256))).all()
    paths, digests = {row.path for row in rows}, {row.sha256 for row in rows}
    before = (now - ORPHAN_GRACE).timestamp()
    files = await asyncio.to_thread(_orphans, media_dir, paths, digests, before)
    return Cleaned(int(getattr(result, "rowcount", 0) or 0), files)
