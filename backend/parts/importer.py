"""Upsert suppliers and the spare-parts catalog from CSV, with the catalog importer's report."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.csv_rows import read_rows
from backend.catalog.importer import ImportReport, _validated
from backend.catalog.models import Product
from backend.parts.csv_rows import (
    PART_COLUMNS,
    SUPPLIER_COLUMNS,
    PartRow,
    SupplierRow,
    parse_part,
    parse_supplier,
)
from backend.parts.models import Part, Supplier


def _changed(row: object, values: dict[str, object]) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


async def import_suppliers(session: AsyncSession, path: Path) -> ImportReport:
    """Create or update suppliers by name; commit once at the end."""
    report = ImportReport()
    lines = _validated(read_rows(path, SUPPLIER_COLUMNS), parse_supplier, _name, report)
    stored = {s.name: s for s in await session.scalars(select(Supplier))}
    for _, row in lines:
        values = asdict(row)
        supplier = stored.get(row.name)
        if supplier is None:
            session.add(Supplier(**values))
            report.created += 1
        elif _changed(supplier, values):
            for name, value in values.items():
                setattr(supplier, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
    await session.commit()
    return report


def _name(row: SupplierRow) -> str:
    return row.name


def _part_key(row: PartRow) -> str:
    return f"{row.model_code}\n{row.part_number}"


async def import_parts(session: AsyncSession, path: Path) -> ImportReport:
    """Create or update parts by (model code, part number); commit once at the end."""
    report = ImportReport()
    lines = _validated(read_rows(path, PART_COLUMNS), parse_part, _part_key, report)
    products = dict((await session.execute(select(Product.model_code, Product.id))).all())
    suppliers = dict((await session.execute(select(Supplier.name, Supplier.id))).all())
    stored = {(p.product_id, p.part_number): p for p in await session.scalars(select(Part))}
    for line, row in lines:
        if row.model_code not in products:
            report.errors.append((line, f"model_code: unknown model {row.model_code}"))
            continue
        if row.supplier and row.supplier not in suppliers:
            report.errors.append((line, f"supplier: unknown supplier {row.supplier}"))
            continue
        values: dict[str, object] = {
            "name": row.name,
            "component": row.component,
            "cost": row.cost,
            "stock": row.stock,
            "supplier_id": suppliers.get(row.supplier),
        }
        product_id = products[row.model_code]
        part = stored.get((product_id, row.part_number))
        if part is None:
            session.add(Part(product_id=product_id, part_number=row.part_number, **values))
            report.created += 1
        elif _changed(part, values):
            for name, value in values.items():
                setattr(part, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
    await session.commit()
    report.errors.sort()
    return report
