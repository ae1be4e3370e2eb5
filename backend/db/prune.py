"""Deleting old rows a few thousand at a time, so no statement holds the database (or, on
SQLite, the event loop) for long however many rows have piled up."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, select, tuple_

from backend.db.session import SessionFactory

CHUNK = 500


async def delete_in_chunks(
    sessions: SessionFactory,
    table: Table,
    where: list[ColumnElement[bool]],
    order_by: Any,
    chunk: int = CHUNK,
) -> int:
    """Delete the rows of `table` matching `where`, oldest (`order_by`) first; how many."""
    key = list(table.primary_key.columns)
    total = 0
    while True:
        oldest = select(*key).where(*where).order_by(order_by).limit(chunk)
        target = key[0].in_(oldest.scalar_subquery()) if len(key) == 1 else tuple_(*key).in_(oldest)
        async with sessions() as session, session.begin():
            result = await session.execute(
                delete(table).where(target), execution_options={"synchronize_session": False}
            )
        deleted = int(getattr(result, "rowcount", 0) or 0)
        total += deleted
        if deleted < chunk:
            return total
        await asyncio.sleep(0)  # the next chunk after whatever else was waiting
