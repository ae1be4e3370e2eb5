"""Reading and validating the catalog and sales-registry CSV files (no database here)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from backend.catalog.serials import is_valid_serial, normalize_serial

PRODUCT_COLUMNS = (
    "model_code",
    "name",
    "category",
    "warranty_months",
    "weight_kg",
    "bulky",
    "technically_complex",
    "loaner_excluded",
)
UNIT_COLUMNS = ("serial", "model_code", "sold_on", "seller", "extended_warranty_months")
# Optional columns: a file without them imports as before.
PRODUCT_OPTIONAL = ("price", "service_life_months")
UNIT_OPTIONAL = ("manufactured_on", "price")
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "да", "예", "t"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "нет", "아니오", "f", ""})
EARLIEST_SALE = date(1990, 1, 1)


class RowError(ValueError):
    """A row that cannot be imported; the message says why."""


@dataclass(frozen=True)
class ProductRow:
    """One valid line of the product catalog."""

    model_code: str
    name: str
    category: str
    warranty_months: int
    weight_kg: Decimal
    bulky: bool
    technically_complex: bool
    loaner_excluded: bool
    price: Decimal | None = None
    service_life_months: int | None = None


@dataclass(frozen=True)
class UnitRow:
    """One valid line of the sales registry."""

    serial: str
    model_code: str
    sold_on: date | None
    seller: str
    extended_warranty_months: int
    manufactured_on: date | None = None
    price: Decimal | None = None


def read_rows(path: Path, expected: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a UTF-8 CSV (BOM optional, comma or semicolon)."""
    text = path.read_text(encoding="utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in expected if name not in header]
    if missing:
        raise RowError(f"header is missing column(s): {', '.join(missing)}")
    reader.fieldnames = header
    for row in reader:
        cells = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if not any(cells.values()):
            continue
        yield reader.line_num, cells


def _int(value: str, column: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise RowError(f"{column}: '{value}' is not a whole number") from None
    if not low <= number <= high:
        raise RowError(f"{column}: {number} is outside {low}..{high}")
    return number


def _bool(value: str, column: str) -> bool:
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise RowError(f"{column}: '{value}' is not yes/no")


def _required(cells: dict[str, str], column: str, limit: int) -> str:
    value = cells.get(column, "")
    if not value:
        raise RowError(f"{column}: empty")
    if len(value) > limit:
        raise RowError(f"{column}: longer than {limit} characters")
    return value


def parse_date(value: str, column: str = "sold_on") -> date:
    """Parse ISO `2025-03-14` or Russian `14.03.2025`."""
    for layout in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise RowError(f"{column}: '{value}' is not a date (YYYY-MM-DD or DD.MM.YYYY)")


def _price(value: str) -> Decimal | None:
    """An optional price: empty is unknown; `12 990,50` and `12990.50` both read."""
    if not value:
        return None
    try:
        price = Decimal(value.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise RowError(f"price: '{value}' is not a number") from None
    if not price.is_finite() or not Decimal(0) <= price < Decimal(10) ** 10:
        raise RowError(f"price: {price} is outside 0..9999999999")
    return price.quantize(Decimal("0.01"))


def _optional_date(cells: dict[str, str], column: str, today: date) -> date | None:
    value = cells.get(column, "")
    if not value:
        return None
    day = parse_date(value, column)
    if day > today:
        raise RowError(f"{column}: {day.isoformat()} is in the future")
    if day < EARLIEST_SALE:
        raise RowError(f"{column}: {day.isoformat()} is before {EARLIEST_SALE.isoformat()}")
    return day


def parse_product(cells: dict[str, str]) -> ProductRow:
    """Validate one product line."""
    try:
        weight = Decimal(cells.get("weight_kg", "").replace(",", "."))
    except InvalidOperation:
        raise RowError(f"weight_kg: '{cells.get('weight_kg', '')}' is not a number") from None
    if not weight.is_finite() or not Decimal(0) <= weight < Decimal(100000):
        raise RowError(f"weight_kg: {weight} is outside 0..99999")
    return ProductRow(
        model_code=_required(cells, "model_code", 64).upper(),
        name=_required(cells, "name", 200),
        category=_required(cells, "category", 64).lower(),
        warranty_months=_int(cells.get("warranty_months", ""), "warranty_months", 0, 240),
        weight_kg=weight.quantize(Decimal("0.01")),
        bulky=_bool(cells.get("bulky", ""), "bulky"),
        technically_complex=_bool(cells.get("technically_complex", ""), "technically_complex"),
        loaner_excluded=_bool(cells.get("loaner_excluded", ""), "loaner_excluded"),
        price=_price(cells.get("price", "")),
        service_life_months=(
            _int(cells["service_life_months"], "service_life_months", 1, 600)
            if cells.get("service_life_months")
            else None
        ),
    )


def parse_unit(cells: dict[str, str], today: date) -> UnitRow:
    """Validate one sales-registry line (the model's existence is checked by the importer)."""
    serial = normalize_serial(cells.get("serial", ""))
    if not is_valid_serial(serial):
        raise RowError(f"serial: '{cells.get('serial', '')}' is not a valid serial number")
    sold_on = _optional_date(cells, "sold_on", today)
    manufactured_on = _optional_date(cells, "manufactured_on", today)
    if manufactured_on is not None and sold_on is not None and manufactured_on > sold_on:
        raise RowError("manufactured_on: after sold_on")
    extended = cells.get("extended_warranty_months", "") or "0"
    seller = cells.get("seller", "")
    if len(seller) > 200:
        raise RowError("seller: longer than 200 characters")
    return UnitRow(
        serial=serial,
        model_code=_required(cells, "model_code", 64).upper(),
        sold_on=sold_on,
        seller=seller,
        extended_warranty_months=_int(extended, "extended_warranty_months", 0, 120),
        manufactured_on=manufactured_on,
        price=_price(cells.get("price", "")),
    )
