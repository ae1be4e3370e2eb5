"""The hot statements, run straight on SQLite's driver with SQLAlchemy's own SQL and types.

Every dialog step's transaction writes the same few statements (the update's raw row, its
replies, its history, its state) and the sender records every delivery. For statements of a few
rows SQLAlchemy's execution path (execution context, parameter assembly, result object) costs
several times what SQLite needs to run them. A `DirectStatement` is compiled once per dialect by
SQLAlchemy's compiler, keeps the bind processors of its parameters (so UTC timestamps, JSON and
enums are written exactly as SQLAlchemy writes them) and hands the driver plain tuples in the
open transaction. On PostgreSQL, and on any SQLite connection not opened by
`backend.db.sqlite_inline`, it is an ordinary `connection.execute`.

Only explicit parameters are supported: every bind is a value of the row or a constant of the
statement. A column with a Python-side default must be given by the rows (checked when the
statement is compiled), and the driver's errors are raised as SQLAlchemy's.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert, Update, ValuesBase

from backend.db.sqlite_inline import InlineConnection, unlocked

Row = dict[str, Any]


@dataclass(frozen=True)
class _Plan:
    """The statement's SQL for one dialect and how a row becomes its parameter tuple."""

    sql: str
    # Per position: the row's key ("" for a constant of the statement), the bind processor
    # that converts the row's value, and the constant's converted value.
    fields: tuple[tuple[str, Callable[[Any], Any] | None, Any], ...]

    def values(self, row: Row) -> tuple[Any, ...]:
        out: list[Any] = []
        for name, process, constant in self.fields:
            if not name:
                out.append(constant)
            elif process is None:
                out.append(row[name])
            else:
                out.append(process(row[name]))
        return tuple(out)


def _plan(statement: ValuesBase, dialect: Dialect, keys: Sequence[str]) -> _Plan:
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(keys))
    if compiled.insert_prefetch or compiled.update_prefetch:
        missing = [c.key for c in (*compiled.insert_prefetch, *compiled.update_prefetch)]
        raise ValueError(f"rows must give the columns with Python defaults: {missing}")
    fields: list[tuple[str, Callable[[Any], Any] | None, Any]] = []
    given = set(keys)
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        if bind.expanding:
            raise ValueError(f"an expanding parameter cannot run directly: {name}")
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if name in given:
            fields.append((name, process, None))
        else:
            value = bind.effective_value
            fields.append(("", None, value if process is None else process(value)))
    return _Plan(str(compiled), tuple(fields))


def _driver(connection: AsyncConnection) -> sqlite3.Connection | None:
    """The SQLite connection under `connection` when it runs inline, else None."""
    if connection.dialect.name != "sqlite":
        return None
    try:
        driver = connection.sync_connection.connection.driver_connection  # type: ignore[union-attr]
    except Exception:  # an invalidated or closed connection: SQLAlchemy's path reports it
        return None
    return driver.raw if isinstance(driver, InlineConnection) else None


class DirectStatement:
    """`statement` for many rows of the same keys, SQLite's driver called directly."""

    def __init__(
        self, statement: Insert | Update, *, sqlite_form: ValuesBase | None = None
    ) -> None:
        self.statement = statement
        self._sqlite_form = statement if sqlite_form is None else sqlite_form
        self._plans: weakref.WeakKeyDictionary[Dialect, dict[tuple[str, ...], _Plan]] = (
            weakref.WeakKeyDictionary()
        )

    def _plan_for(self, dialect: Dialect, row: Row) -> _Plan:
        keys = tuple(row)
        plans = self._plans.setdefault(dialect, {})
        plan = plans.get(keys)
        if plan is None:
            plan = plans[keys] = _plan(self._sqlite_form, dialect, keys)
        return plan

    async def execute(self, connection: AsyncConnection, rows: list[Row]) -> int:
        """Run the statement once per row (all rows with the same keys); the rows it touched,
        where the driver counts them (for several rows asyncpg does not: -1)."""
        if not rows:
            return 0
        driver = _driver(connection)
        if driver is None:
            result: Any = await connection.execute(self.statement, rows)
            return int(result.rowcount)
        plan = self._plan_for(connection.dialect, rows[0])
        values = [plan.values(row) for row in rows]
        cursor = driver.cursor()
        try:
            await _translated(plan.sql, lambda: cursor.executemany(plan.sql, values))
            return cursor.rowcount
        finally:
            cursor.close()

    async def insert_ids(self, connection: AsyncConnection, rows: list[Row]) -> list[int]:
        """Insert the rows; their new primary keys in the rows' order.

        The statement given is the form that returns the key (for PostgreSQL), `sqlite_form`
        the plain insert whose row ids SQLite reports one by one."""
        if not rows:
            return []
        driver = _driver(connection)
        if driver is None:
            result = await connection.execute(self.statement, rows)
            return [int(i) for i in result.scalars().all()]
        plan = self._plan_for(connection.dialect, rows[0])
        values = [plan.values(row) for row in rows]
        ids: list[int] = []
        cursor = driver.cursor()

        def insert_rest() -> None:  # resumes where a busy database stopped it
            for parameters in values[len(ids) :]:
                cursor.execute(plan.sql, parameters)
                ids.append(int(cursor.lastrowid or 0))

        try:
            await _translated(plan.sql, insert_rest)
        finally:
            cursor.close()
        return ids


async def _translated(sql: str, call: Callable[[], Any]) -> None:
    """`call()`, waiting out another process's lock; driver errors raised as SQLAlchemy's."""
    try:
        await unlocked(call)
    except sqlite3.Error as error:
        raise DBAPIError.instance(sql, None, error, sqlite3.Error) from error
