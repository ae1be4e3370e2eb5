"""Importing the catalog and the sales registry from CSV, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.catalog.csv_rows import RowError
from backend.catalog.importer import import_products, import_units
from backend.catalog.models import Product, Unit
from backend.catalog.service import find_unit
from backend.db.session import SessionFactory
from tests.support.clock import TODAY


async def _load_demo(session_factory: SessionFactory, demo_dir: Path) -> None:
    async with session_factory() as session:
        await import_products(session, demo_dir / "products.csv")
        await import_units(session, demo_dir / "units.csv", TODAY)


async def test_demo_catalog_loads_and_second_run_changes_nothing(
    session_factory: SessionFactory, demo_dir: Path
) -> None:
    async with session_factory() as session:
        first = await import_products(session, demo_dir / "products.csv")
        units_first = await import_units(session, demo_dir / "units.csv", TODAY)
    assert first.created == 11 and not first.errors
    assert units_first.created == 22 and not units_first.errors
    async with session_factory() as session:
        again = await import_products(session, demo_dir / "products.csv")
        units_again = await import_units(session, demo_dir / "units.csv", TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 11)
    assert (units_again.created, units_again.updated, units_again.unchanged) == (0, 0, 22)
    async with session_factory() as session:
        washer = await find_unit(session, " wm700-0001 ")
        assert washer is not None
        assert washer.product.model_code == "WM-700"
        assert washer.product.weight_kg == Decimal("65.00")
        assert washer.sold_on == date(2026, 11, 20)
        assert await session.scalar(select(func.count()).select_from(Unit)) == 22


async def test_changed_rows_are_updated(
    session_factory: SessionFactory, demo_dir: Path, tmp_path: Path
) -> None:
    await _load_demo(session_factory, demo_dir)
    changed = tmp_path / "units.csv"
    changed.write_text(
        "serial;model_code;sold_on;seller;extended_warranty_months\n"
        "KT1-0001;KT-1;02.08.2026;Other Shop;6\n"
        "NEW-0001;KT-1;2026-08-03;Other Shop;\n",
        encoding="utf-8-sig",
    )
    async with session_factory() as session:
        report = await import_units(session, changed, TODAY)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    async with session_factory() as session:
        kettle = await find_unit(session, "KT1-0001")
        assert kettle is not None
        assert (kettle.sold_on, kettle.seller, kettle.extended_warranty_months) == (
            date(2026, 8, 2),
            "Other Shop",
            6,
        )


async def test_broken_rows_are_reported_by_line_and_reason(
    session_factory: SessionFactory, demo_dir: Path, tmp_path: Path
) -> None:
    await _load_demo(session_factory, demo_dir)
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "serial,model_code,sold_on,seller,extended_warranty_months\n"
        "GOOD-0001,KT-1,2026-01-05,Shop,0\n"
        "!!,KT-1,2026-01-05,Shop,0\n"
        "FUT-0001,KT-1,2027-01-05,Shop,0\n"
        "UNK-0001,NOPE-1,2026-01-05,Shop,0\n"
        "BAD-0001,KT-1,yesterday,Shop,0\n"
        "EXT-0001,KT-1,2026-01-05,Shop,many\n"
        "GOOD-0001,KT-1,2026-01-06,Shop,0\n",
        encoding="utf-8",
    )
    async with session_factory() as session:
        report = await import_units(session, broken, TODAY)
    assert report.created == 1
    reasons = dict(report.errors)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "serial" in reasons[3]
    assert "future" in reasons[4]
    assert "unknown model NOPE-1" in reasons[5]
    assert "not a date" in reasons[6]
    assert "not a whole number" in reasons[7]
    assert "duplicate of line 2" in reasons[8]
    async with session_factory() as session:
        assert await find_unit(session, "FUT-0001") is None
        assert await find_unit(session, "GOOD-0001") is not None


async def test_product_validation_and_missing_header(
    session_factory: SessionFactory, tmp_path: Path
) -> None:
    products = tmp_path / "products.csv"
    products.write_text(
        "model_code,name,category,warranty_months,weight_kg,bulky,technically_complex,"
        "loaner_excluded\n"
        'AB-1,Fan,fan,12,"2,5",no,no,no\n'
        "AB-2,Heater,heater,-1,3,no,no,no\n"
        "AB-3,Heater,heater,12,heavy,no,no,no\n"
        "AB-4,Heater,heater,12,3,maybe,no,no\n",
        encoding="utf-8",
    )
    async with session_factory() as session:
        report = await import_products(session, products)
        fan = await session.scalar(select(Product).where(Product.model_code == "AB-1"))
    assert report.created == 1 and [line for line, _ in report.errors] == [3, 4, 5]
    assert fan is not None and fan.weight_kg == Decimal("2.50")
    headerless = tmp_path / "bad.csv"
    headerless.write_text("model_code,name\nX,Y\n", encoding="utf-8")
    async with session_factory() as session:
        with pytest.raises(RowError, match="missing column"):
            await import_products(session, headerless)


async def test_price_service_life_and_manufacture_date_are_imported_and_kept(
    session_factory: SessionFactory, demo_dir: Path, tmp_path: Path
) -> None:
    await _load_demo(session_factory, demo_dir)
    async with session_factory() as session:
        washer = await find_unit(session, "WM700-0002")
        assert washer is not None
        assert (washer.price, washer.manufactured_on) == (Decimal("43990.00"), date(2024, 12, 1))
        assert (washer.product.price, washer.product.service_life_months) == (
            Decimal("45990.00"),
            84,
        )
    older = tmp_path / "units.csv"  # a file in the older format leaves the new columns alone
    older.write_text(
        "serial,model_code,sold_on,seller,extended_warranty_months\n"
        "WM700-0002,WM-700,2025-02-14,Other Shop,12\n",
        encoding="utf-8",
    )
    async with session_factory() as session:
        assert (await import_units(session, older, TODAY)).updated == 1
    async with session_factory() as session:
        washer = await find_unit(session, "WM700-0002")
        assert washer is not None and washer.seller == "Other Shop"
        assert (washer.price, washer.manufactured_on) == (Decimal("43990.00"), date(2024, 12, 1))


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("NEW-1,KT-1,2026-08-03,Shop,0,2026-09-01,", "manufactured_on: after sold_on"),
        ("NEW-1,KT-1,,Shop,0,2030-01-01,", "manufactured_on: 2030-01-01 is in the future"),
        ("NEW-1,KT-1,,Shop,0,1.1.26,", "manufactured_on: '1.1.26' is not a date"),
        ("NEW-1,KT-1,2026-08-03,Shop,0,,cheap", "price: 'cheap' is not a number"),
        ("NEW-1,KT-1,2026-08-03,Shop,0,,-5", "price: -5 is outside"),
    ],
)
async def test_bad_manufacture_date_or_price_is_named(
    session_factory: SessionFactory, demo_dir: Path, tmp_path: Path, cells: str, message: str
) -> None:
    await _load_demo(session_factory, demo_dir)
    path = tmp_path / "units.csv"
    path.write_text(
        "serial,model_code,sold_on,seller,extended_warranty_months,manufactured_on,price\n"
        f"{cells}\n",
        encoding="utf-8",
    )
    async with session_factory() as session:
        report = await import_units(session, path, TODAY)
    assert report.created == 0
    assert report.errors and message in report.errors[0][1], report.errors
