"""Upsert the product catalog and the sales registry from validated CSV rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.csv_rows import (
    PRODUCT_COLUMNS,
    PRODUCT_OPTIONAL,
    UNIT_COLUMNS,
    UNIT_OPTIONAL,
    ProductRow,
    RowError,
    UnitRow,
    parse_product,
    parse_unit,
    read_rows,
)
from backend.catalog.models import Product, Unit

CHUNK = 2000
Progress = Callable[[int], None]
Row = TypeVar("Row")


@dataclass
class ImportReport:
    """What an import did: counts and every rejected line with its reason."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Rows read, accepted or not."""
        return self.created + self.updated + self.unchanged + len(self.errors)


def _no_progress(_: int) -> None:
    return None


def _validated(
    lines: Iterable[tuple[int, dict[str, str]]],
    parse: Callable[[dict[str, str]], Row],
    key: Callable[[Row], str],
    report: ImportReport,
) -> list[tuple[int, Row]]:
    """Parse every line; keep the valid ones with their line, report the rest and duplicates."""
    seen: dict[str, int] = {}
    valid: list[tuple[int, Row]] = []
    for line, cells in lines:
        try:
            row = parse(cells)
        except RowError as error:
            report.errors.append((line, str(error)))
            continue
        if key(row) in seen:
            report.errors.append((line, f"duplicate of line {seen[key(row)]}"))
            continue
        seen[key(row)] = line
        valid.append((line, row))
    return valid


def _chunks(items: Sequence[Row], size: int = CHUNK) -> Iterable[Sequence[Row]]:
    """Split `items` into slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def import_products(
    session: AsyncSession, path: Path, progress: Progress = _no_progress
) -> ImportReport:
    """Create or update products by model code; commit once at the end."""
    report = ImportReport()
    cells = list(read_rows(path, PRODUCT_COLUMNS))
    absent = _absent(cells, PRODUCT_OPTIONAL)
    lines = _validated(cells, parse_product, _product_key, report)
    for chunk in _chunks([row for _, row in lines]):
        codes = [row.model_code for row in chunk]
        existing = {
            product.model_code: product
            for product in await session.scalars(
                select(Product).where(Product.model_code.in_(codes))
            )
        }
        for row in chunk:
            _upsert_product(session, existing.get(row.model_code), row, report, absent)
        progress(len(chunk))
    await session.commit()
    return report


def _product_key(row: ProductRow) -> str:
    return row.model_code


def _absent(lines: list[tuple[int, dict[str, str]]], optional: tuple[str, ...]) -> set[str]:
    """The optional columns the file does not have: their stored values stay as they are."""
    header = set(lines[0][1]) if lines else set()
    return {name for name in optional if name not in header}


def _upsert_product(
    session: AsyncSession,
    product: Product | None,
    row: ProductRow,
    report: ImportReport,
    absent: set[str],
) -> None:
    values = {name: value for name, value in asdict(row).items() if name not in absent}
    if product is None:
        session.add(Product(**values))
        report.created += 1
        return
    if all(getattr(product, name) == value for name, value in values.items()):
        report.unchanged += 1
        return
    for name, value in values.items():
        setattr(product, name, value)
    report.updated += 1


def _unit_key(row: UnitRow) -> str:
    return row.serial


async def import_units(
    session: AsyncSession, path: Path, today: date, progress: Progress = _no_progress
) -> ImportReport:
    """Create or update sold units by serial number; commit once at the end."""
    report = ImportReport()
    cells = list(read_rows(path, UNIT_COLUMNS))
    fields = tuple(name for name in UNIT_FIELDS if name not in _absent(cells, UNIT_OPTIONAL))
    lines = _validated(cells, lambda row: parse_unit(row, today), _unit_key, report)
    result = await session.execute(select(Product.model_code, Product.id))
    products = {code: product_id for code, product_id in result}
    known: list[UnitRow] = []
    for line, row in lines:
        if row.model_code in products:
            known.append(row)
        else:
            report.errors.append((line, f"model_code: unknown model {row.model_code}"))
    for chunk in _chunks(known):
        await _upsert_unit_chunk(session, chunk, products, report, fields)
        progress(len(chunk))
    await session.commit()
    report.errors.sort()
    return report


UNIT_FIELDS = (
    "product_id",
    "sold_on",
    "seller",
    "extended_warranty_months",
    "manufactured_on",
    "price",
)


async def _upsert_unit_chunk(
    session: AsyncSession,
    chunk: Sequence[UnitRow],
    products: dict[str, int],
    report: ImportReport,
    fields: tuple[str, ...],
) -> None:
    """Insert new serials and update changed ones with two bulk statements."""
    current = {
        row.serial: row
        for row in (
            await session.execute(
                select(Unit.id, Unit.serial, *[getattr(Unit, name) for name in fields]).where(
                    Unit.serial.in_([row.serial for row in chunk])
                )
            )
        ).all()
    }
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row in chunk:
        every = {**asdict(row), "product_id": products[row.model_code]}
        values = {name: every[name] for name in fields}
        stored = current.get(row.serial)
        if stored is None:
            inserts.append({"serial": row.serial, **values})
        elif any(getattr(stored, name) != values[name] for name in fields):
            updates.append({"id": stored.id, **values})
        else:
            report.unchanged += 1
    if inserts:
        await session.execute(insert(Unit), inserts)
    if updates:
        await session.execute(update(Unit), updates)
    report.created += len(inserts)
    report.updated += len(updates)
