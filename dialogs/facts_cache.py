"""Warranty facts of units and products, kept for a short while between steps of a dialog.

A claim dialog asks the policy several times (after the serial, for the remedy question, for
the summary). The catalog changes by imports, not by the minute, so the steps in between read
facts at most `ttl` seconds old; the step that creates the claim reads them fresh.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.facts import product_facts
from backend.catalog.models import Product, Unit
from backend.claims.history import repair_periods
from backend.warranty import ProductFacts, UnitFacts
from backend.warranty.types import RepairPeriod

_products = cast(Table, Product.__table__)
_units = cast(Table, Unit.__table__)
_PRODUCT_COLUMNS = (
    _products.c.name,
    _products.c.model_code,
    _products.c.category,
    _products.c.warranty_months,
    _products.c.weight_kg,
    _products.c.bulky,
    _products.c.technically_complex,
    _products.c.loaner_excluded,
    _products.c.price,
    _products.c.service_life_months,
)
_PRODUCT = select(*_PRODUCT_COLUMNS).where(_products.c.id == bindparam("b_id"))
_UNIT_WITH_PRODUCT = select(
    *_PRODUCT_COLUMNS,
    _units.c.id,
    _units.c.product_id,
    _units.c.sold_on,
    _units.c.manufactured_on,
    _units.c.extended_warranty_months,
    _units.c.repair_days,
    _units.c.price.label("unit_price"),
).join_from(_units, _products, _units.c.product_id == _products.c.id)
_UNIT = _UNIT_WITH_PRODUCT.where(_units.c.id == bindparam("b_id"))
_SERIAL = _UNIT_WITH_PRODUCT.where(_units.c.serial == bindparam("b_serial"))

Key = tuple[str, int]


class SoldUnit(NamedTuple):
    """A registered unit as a claim dialog refers to it."""

    id: int
    product_id: int
    product_name: str


class FactsCache:
    """Recently read unit and product facts by id, each for at most `ttl` seconds."""

    def __init__(
        self,
        ttl: float = 30.0,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self.clock = clock
        self._entries: OrderedDict[Key, tuple[float, Any]] = OrderedDict()

    def _get(self, key: Key) -> Any:
        entry = self._entries.get(key)
        if entry is None or self.clock() - entry[0] > self.ttl:
            return None
        return entry[1]

    def _put(self, key: Key, value: Any) -> None:
        self._entries[key] = (self.clock(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    async def find_serial(self, session: AsyncSession, serial: str) -> SoldUnit | None:
        """The registered unit with this (normalised) serial, its facts kept for the next steps."""
        connection = await session.connection()
        row = (await connection.execute(_SERIAL, {"b_serial": serial})).first()
        if row is None:
            return None
        self._keep(row)
        return SoldUnit(row.id, row.product_id, row.name)

    async def unit(self, session: AsyncSession, unit_id: int, *, fresh: bool) -> UnitFacts | None:
        """The facts of a registered unit."""
        cached = None if fresh else self._get(("unit", unit_id))
        if isinstance(cached, UnitFacts):
            return cached
        row = (await (await session.connection()).execute(_UNIT, {"b_id": unit_id})).first()
        return None if row is None else self._keep(row)

    def _keep(self, row: Any) -> UnitFacts:
        facts = UnitFacts(
            product=product_facts(row),
            sold_on=row.sold_on,
            manufactured_on=row.manufactured_on,
            extended_warranty_months=row.extended_warranty_months,
            repair_days=row.repair_days,
            price=row.unit_price,
        )
        self._put(("unit", row.id), facts)
        self._put(("product", row.product_id), (row.name, facts.product))
        return facts

    async def repairs(
        self, session: AsyncSession, unit_id: int, *, fresh: bool
    ) -> tuple[RepairPeriod, ...]:
        """The unit's repair periods from its earlier claims (the law's history rules)."""
        cached = None if fresh else self._get(("repairs", unit_id))
        if isinstance(cached, tuple):
            return cached
        found = await repair_periods(session, unit_id)
        self._put(("repairs", unit_id), found)
        return found

    async def _product(
        self, session: AsyncSession, product_id: int, fresh: bool
    ) -> tuple[str, ProductFacts] | None:
        cached = None if fresh else self._get(("product", product_id))
        if cached is not None:
            return cast(tuple[str, ProductFacts], cached)
        row = (await (await session.connection()).execute(_PRODUCT, {"b_id": product_id})).first()
        if row is None:
            return None
        found = (str(row.name), product_facts(row))
        self._put(("product", product_id), found)
        return found

    async def product(
        self, session: AsyncSession, product_id: int, sold_on: date | None, *, fresh: bool
    ) -> UnitFacts | None:
        """The facts of an unregistered unit of a catalog model bought on `sold_on`."""
        found = await self._product(session, product_id, fresh)
        return None if found is None else UnitFacts(product=found[1], sold_on=sold_on)

    async def product_name(self, session: AsyncSession, product_id: int) -> str | None:
        """A catalog model's name."""
        found = await self._product(session, product_id, False)
        return None if found is None else found[0]
