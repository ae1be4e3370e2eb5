"""One statement run for many rows, with SQLAlchemy's type handling but not its per-row work.

SQLAlchemy assembles every parameter set of an executemany through its general machinery
(a dictionary per row, a lookup and a processor call per value), which for the few small rows a
dialog step writes costs more than SQLite takes to store them. On SQLite a `ManyRows` compiles
its statement once, keeps the types' own bind processors (dates, JSON, enums: the stored text is
exactly SQLAlchemy's) and hands the driver plain tuples. Other databases take the statement
through SQLAlchemy as usual: their statements run outside the event loop's thread anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import UpdateBase

Processor = Callable[[Any], Any] | None
Compiled = tuple[str, list[tuple[str, Processor, Any]]]
_ABSENT = object()


class ManyRows:
    """`statement` run for a list of rows whose keys name its bound parameters (for an INSERT
    without `.values()`, `columns` names the columns the rows give)."""

    def __init__(self, statement: UpdateBase, columns: Sequence[str] = ()) -> None:
        self.statement = statement
        self._columns = list(columns)
        self._compiled: Compiled | None = None

    def _compile(self, dialect: Dialect) -> Compiled:
        if self._compiled is None:
            keys = self._columns or None
            compiled = self.statement.compile(dialect=dialect, column_keys=keys)
            order: list[tuple[str, Processor, Any]] = []
            for name in compiled.positiontup or ():
                bind = compiled.binds[name]
                processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
                fixed = _ABSENT if bind.required else bind.effective_value
                order.append((bind.key, processor, fixed))
            self._compiled = (compiled.string, order)
        return self._compiled

    async def run(self, connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> int:
        """Run the statement once per row in the open transaction; the rows it changed."""
        if connection.dialect.name != "sqlite" or not rows:
            result = await connection.execute(self.statement, list(rows))
            return int(result.rowcount)
        sql, order = self._compile(connection.dialect)
        parameters = [
            tuple(
                _processed(processor, row[key] if fixed is _ABSENT else row.get(key, fixed))
                for key, processor, fixed in order
            )
            for row in rows
        ]
        result = await connection.exec_driver_sql(sql, parameters)
        return int(result.rowcount)


def _processed(processor: Processor, value: Any) -> Any:
    return value if processor is None else processor(value)
