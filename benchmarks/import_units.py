"""Import N generated sold units from CSV into a fresh SQLite (or given) database.

Usage: python benchmarks/import_units.py [--units 100000] [--database URL]
Target: 100,000 units in under 10 seconds on SQLite; a second run changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date, timedelta
from pathlib import Path

from backend.catalog.importer import import_products, import_units
from backend.db.migrate import upgrade
from backend.db.session import make_engine, make_session_factory
from backend.demo.seed import DEMO_DIR
from benchmarks._common import describe_machine, scratch_dir


def write_units(path: Path, count: int) -> None:
    """A sales registry of `count` units over the demo models."""
    models = ["WM-700", "FR-300", "DW-45", "TV-55", "LP-14", "SP-9", "CM-3", "VC-20", "KT-1"]
    start = date(2024, 1, 1)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("serial,model_code,sold_on,seller,extended_warranty_months\n")
        for n in range(count):
            sold = start + timedelta(days=n % 1000)
            handle.write(
                f"GEN-{n:08d},{models[n % len(models)]},{sold.isoformat()},Shop {n % 50},0\n"
            )


async def main(count: int, url: str | None) -> None:
    """Import twice and print the timings."""
    folder = scratch_dir("import-units-")
    url = url or f"sqlite+aiosqlite:///{folder / 'import.db'}"
    engine = make_engine(url)
    await upgrade(engine)
    sessions = make_session_factory(engine)
    csv_path = folder / "units.csv"
    write_units(csv_path, count)
    async with sessions() as session:
        await import_products(session, DEMO_DIR / "products.csv")
    print(f"machine: {describe_machine()}; database: {url.split(':')[0]}")
    for attempt in ("first", "second"):
        started = time.perf_counter()
        async with sessions() as session:
            report = await import_units(session, csv_path, date.today())
        elapsed = time.perf_counter() - started
        print(
            f"{attempt} import of {count} units: {elapsed:.2f} s "
            f"({report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.errors)} rejected)"
        )
    await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--database", default=None)
    arguments = parser.parse_args()
    asyncio.run(main(min(arguments.units, 2_000_000), arguments.database))
