"""An album item that comes after its album was answered joins the same answer.

A channel delivers an album as one message per file (Telegram: one update per photo, sharing a
`media_group_id`); the adapter waits a moment for the rest and hands the files in as one `Media`.
An item held up longer (a slow network, another server) would otherwise be read as a new answer
to whatever step the album moved the conversation to ("please send your phone"). So the router
remembers the last album a step took and where its files went, and a later item of it is added
there: to the claim's files with a short note of the new count, or, when the step kept one file
only (a receipt, a label), left out silently as the album's other files were.
"""

from __future__ import annotations

from dialogs.attachments import store_media
from dialogs.context import Context
from dialogs.flows.claim_details import MAX_FILES
from dialogs.types import Media, Reply, Say

ALBUM = "_album"  # {"id": the last album a step took, "files": whether its files were kept}
FILES = "media"  # the claim's files, attachment ids in the conversation's data


def files_before(ctx: Context, content: object) -> list[int] | None:
    """The claim's files before a step takes an album (None for anything but an album)."""
    if isinstance(content, Media) and content.album and not ctx.conversation.with_staff:
        return list(ctx.data.get(FILES) or [])
    return None


def remember(ctx: Context, album: Media, before: list[int]) -> None:
    """Note the album a step just took, and whether its files joined the claim's files."""
    after = ctx.data.get(FILES) or []
    ctx.data[ALBUM] = {"id": album.album, "files": any(f not in before for f in after)}


async def late_item(ctx: Context, content: Media) -> list[Reply] | None:
    """The answer to a late item of the album the conversation took last; None for any other
    file (the step under way reads it)."""
    last = ctx.data.get(ALBUM) or {}
    if not content.album or last.get("id") != content.album or ctx.conversation.with_staff:
        return None
    have = list(ctx.data.get(FILES) or [])
    room = MAX_FILES - len(have)
    if not last.get("files") or FILES not in ctx.data or room <= 0:
        return []  # the step kept one file of the album (or has all it takes): nothing to add
    have += await store_media(ctx, Media(content.items[:room]), kind="defect")
    ctx.data[FILES] = have
    added = ctx.tn(
        "📎 Added to the same answer: {n} file in all.",
        "📎 Added to the same answer: {n} files in all.",
        len(have),
    )
    return [Say(added)]
