"""Reading and validating the supplier and spare-parts CSV files (no database here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from backend.catalog.csv_rows import RowError

SUPPLIER_COLUMNS = ("name", "contact", "email")
PART_COLUMNS = ("model_code", "part_number", "name", "component", "cost", "stock", "supplier")
PART_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9./_-]{0,63}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_STOCK = 1_000_000


@dataclass(frozen=True)
class SupplierRow:
    """One valid line of the supplier list."""

    name: str
    contact: str
    email: str


@dataclass(frozen=True)
class PartRow:
    """One valid line of the parts catalog (the model and supplier are checked by the importer)."""

    model_code: str
    part_number: str
    name: str
    component: str
    cost: Decimal
    stock: int
    supplier: str


def _text(cells: dict[str, str], column: str, limit: int, required: bool = True) -> str:
    value = cells.get(column, "")
    if required and not value:
        raise RowError(f"{column}: empty")
    if len(value) > limit:
        raise RowError(f"{column}: longer than {limit} characters")
    return value


def parse_cost(value: str) -> Decimal:
    """A cost: `1 290,50` and `1290.50` both read; 0 up to 10^10."""
    try:
        cost = Decimal(value.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise RowError(f"cost: '{value}' is not a number") from None
    if not cost.is_finite() or not Decimal(0) <= cost < Decimal(10) ** 10:
        raise RowError(f"cost: {value} is outside 0..9999999999")
    return cost.quantize(Decimal("0.01"))


def parse_supplier(cells: dict[str, str]) -> SupplierRow:
    """Validate one supplier line."""
    email = _text(cells, "email", 254, required=False)
    if email and not EMAIL.fullmatch(email):
        raise RowError(f"email: '{email}' is not an e-mail address")
    return SupplierRow(
        name=_text(cells, "name", 200),
        contact=_text(cells, "contact", 200, required=False),
        email=email,
    )


def parse_part(cells: dict[str, str]) -> PartRow:
    """Validate one parts-catalog line."""
    number = _text(cells, "part_number", 64).upper()
    if not PART_NUMBER.fullmatch(number):
        raise RowError(f"part_number: '{number}' uses characters other than A-Z 0-9 . / _ -")
    stock_text = cells.get("stock", "") or "0"
    try:
        stock = int(stock_text)
    except ValueError:
        raise RowError(f"stock: '{stock_text}' is not a whole number") from None
    if not 0 <= stock <= MAX_STOCK:
        raise RowError(f"stock: {stock} is outside 0..{MAX_STOCK}")
    return PartRow(
        model_code=_text(cells, "model_code", 64).upper(),
        part_number=number,
        name=_text(cells, "name", 200),
        component=_text(cells, "component", 200),
        cost=parse_cost(_text(cells, "cost", 32)),
        stock=stock,
        supplier=_text(cells, "supplier", 200, required=False),
    )
