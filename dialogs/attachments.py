"""Recording files a customer sent as attachments of their future claim."""

from __future__ import annotations

from backend.claims.models import Attachment
from dialogs.context import Context
from dialogs.types import Media


async def store_media(ctx: Context, media: Media, kind: str) -> list[int]:
    """Create attachment rows for already stored files; return their ids."""
    rows = [
        Attachment(
            customer_id=ctx.customer_id,
            kind=kind if kind == "receipt" else item.kind.value,
            sha256=item.sha256,
            content_type=item.content_type,
            size=item.size,
            path=item.path,
            original_name=item.original_name,
            created_at=ctx.now,
        )
        for item in media.items
    ]
    ctx.session.add_all(rows)
    await ctx.session.flush()
    return [row.id for row in rows]
