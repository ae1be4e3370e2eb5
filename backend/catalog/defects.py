"""Which defect categories fit a product category (data: defect_categories.toml beside this)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("defect_categories.toml")


@cache
def _table() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    per_product = {name: tuple(codes) for name, codes in data["product"].items()}
    return tuple(data["default"]), per_product


def defect_categories_for(product_category: str | None) -> tuple[str, ...]:
    """The defect category codes offered for a product category, likeliest first, "other" last.

    Pure (reads the shipped table once); an unknown or missing product category gets the
    general list."""
    default, per_product = _table()
    return per_product.get(product_category or "", default)


def all_defect_categories() -> frozenset[str]:
    """Every defect category code the table uses."""
    default, per_product = _table()
    return frozenset(default).union(*per_product.values())
