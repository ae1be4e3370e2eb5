"""The bridge from stored products and units to the warranty policy's plain facts."""

from __future__ import annotations

from backend.catalog.models import Product, Unit
from backend.warranty import ProductFacts, UnitFacts


def product_facts(product: Product) -> ProductFacts:
    """The warranty-relevant facts of a product."""
    return ProductFacts(
        model_code=product.model_code,
        category=product.category,
        warranty_months=product.warranty_months,
        weight_kg=product.weight_kg,
        bulky=product.bulky,
        technically_complex=product.technically_complex,
        loaner_excluded=product.loaner_excluded,
    )


def unit_facts(unit: Unit) -> UnitFacts:
    """The warranty-relevant facts of a stored unit."""
    return UnitFacts(
        product=product_facts(unit.product),
        sold_on=unit.sold_on,
        manufactured_on=unit.manufactured_on,
        extended_warranty_months=unit.extended_warranty_months,
        repair_days=unit.repair_days,
    )
