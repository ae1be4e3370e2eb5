"""The bridge from stored products and units to the warranty policy's plain facts."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from backend.catalog.models import Unit
from backend.warranty import ProductFacts, UnitFacts


class ProductColumns(Protocol):
    """What the policy needs of a product: a `Product` or a row of its columns."""

    @property
    def model_code(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def warranty_months(self) -> int: ...
    @property
    def weight_kg(self) -> Decimal: ...
    @property
    def bulky(self) -> bool: ...
    @property
    def technically_complex(self) -> bool: ...
    @property
    def loaner_excluded(self) -> bool: ...
    @property
    def price(self) -> Decimal | None: ...
    @property
    def service_life_months(self) -> int | None: ...


def product_facts(product: ProductColumns) -> ProductFacts:
    """The warranty-relevant facts of a product (an object or a row with its columns)."""
    return ProductFacts(
        model_code=product.model_code,
        category=product.category,
        warranty_months=product.warranty_months,
        weight_kg=product.weight_kg,
        bulky=product.bulky,
        technically_complex=product.technically_complex,
        loaner_excluded=product.loaner_excluded,
        price=product.price,
        service_life_months=product.service_life_months,
    )


def unit_facts(unit: Unit) -> UnitFacts:
    """The warranty-relevant facts of a stored unit."""
    return UnitFacts(
        product=product_facts(unit.product),
        sold_on=unit.sold_on,
        manufactured_on=unit.manufactured_on,
        extended_warranty_months=unit.extended_warranty_months,
        repair_days=unit.repair_days,
        price=unit.price,
    )
