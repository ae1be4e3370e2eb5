"""Bulk loading of generated rows: `COPY` on PostgreSQL, one `executemany` on SQLite.

The history generator and the statistics benchmark write millions of rows. The ORM (and even
Core with type processing) spends most of that time in Python per value, so rows are handed to
the driver as plain tuples in the given column order: PostgreSQL gets them through asyncpg's
binary `COPY`, SQLite through the driver's `executemany`. Producers format timestamps and dates
with `stamp` and `day`, which give what each driver stores: aware datetimes for asyncpg, the
text SQLAlchemy writes on SQLite (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db.models import Base

Row = tuple[Any, ...]


def _sqlite_stamp(value: datetime | None) -> Any:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_day(value: date | None) -> Any:
    return None if value is None else value.isoformat()


def _same(value: Any) -> Any:
    return value


def _checked(table: str, columns: Sequence[str] = ("id",)) -> str:
    """`table` after checking it and `columns` against the models: safe to put in SQL text."""
    known = Base.metadata.tables.get(table)
    if known is None or not set(columns) <= set(known.columns.keys()):
        raise ValueError(f"unknown table or columns: {table} {list(columns)}")
    return table


class BulkWriter:
    """Writes rows with explicit ids into tables on one open connection (no commit)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.stamp = _same if self.postgres else _sqlite_stamp
        self.day = _same if self.postgres else _sqlite_day
        self._written: set[str] = set()

    async def next_id(self, table: str) -> int:
        """The first free primary key of `table` (ids are given explicitly, in order)."""
        name = _checked(table)
        statement = f"SELECT coalesce(max(id), 0) FROM {name}"  # noqa: S608 - a model's name
        result = await self.connection.execute(text(statement))
        return int(result.scalar_one()) + 1

    async def write(self, table: str, column_names: str, rows: Sequence[Row]) -> None:
        """Insert `rows` (tuples in the order of the space-separated `column_names`)."""
        if not rows:
            return
        columns = column_names.split()
        self._written.add(_checked(table, columns))
        if self.postgres:
            raw = await self.connection.get_raw_connection()
            driver: Any = raw.driver_connection
            await driver.copy_records_to_table(table, records=rows, columns=list(columns))
            return
        marks = ", ".join("?" for _ in columns)
        names = ", ".join(columns)
        statement = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - checked
        await self.connection.exec_driver_sql(statement, list(rows))

    async def finish(self) -> None:
        """Move PostgreSQL id sequences past the explicit ids written."""
        if not self.postgres:
            return
        for table in sorted(self._written):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            highest = f"SELECT coalesce(max(id), 1) FROM {table}"  # noqa: S608 - checked name
            statement = f"SELECT setval({sequence}, ({highest}))"
            await self.connection.execute(text(statement))
