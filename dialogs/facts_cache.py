"""Warranty facts of units and products, kept for a short while between steps of a dialog.

A claim dialog asks the policy several times (after the serial, for the remedy question, for
the summary). The catalog changes by imports, not by the minute, so the steps read facts at
most `ttl` seconds old, the claim's confirmation included (it registers what its summary showed).
Units and products are read as the catalog reads them (`find_unit`, `unit_facts`,
`product_facts`): no column list of their own here.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple, cast

from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.facts import product_facts, unit_facts
from backend.catalog.models import Product, Unit
from backend.catalog.service import find_unit
from backend.claims.history import repair_periods
from backend.warranty import ProductFacts, UnitFacts
from backend.warranty.types import RepairPeriod

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
        unit = await find_unit(session, serial)
        return None if unit is None else self._keep(unit)[0]

    async def unit(self, session: AsyncSession, unit_id: int) -> UnitFacts | None:
        """The facts of a registered unit."""
        cached = self._get(("unit", unit_id))
        if isinstance(cached, UnitFacts):
            return cached
        unit = await session.get(Unit, unit_id)
        return None if unit is None else self._keep(unit)[1]

    def _keep(self, unit: Unit) -> tuple[SoldUnit, UnitFacts]:
        facts = unit_facts(unit)
        self._put(("unit", unit.id), facts)
        self._put(("product", unit.product_id), (unit.product.name, facts.product))
        return SoldUnit(unit.id, unit.product_id, unit.product.name), facts

    async def repairs(self, session: AsyncSession, unit_id: int) -> tuple[RepairPeriod, ...]:
        """The unit's repair periods from its earlier claims (the law's history rules)."""
        cached = self._get(("repairs", unit_id))
        if isinstance(cached, tuple):
            return cached
        found = await repair_periods(session, unit_id)
        self._put(("repairs", unit_id), found)
        return found

    async def _product(
        self, session: AsyncSession, product_id: int
    ) -> tuple[str, ProductFacts] | None:
        cached = self._get(("product", product_id))
        if cached is not None:
            return cast(tuple[str, ProductFacts], cached)
        product = await session.get(Product, product_id)
        if product is None:
            return None
        found = (product.name, product_facts(product))
        self._put(("product", product_id), found)
        return found

    async def product(
        self, session: AsyncSession, product_id: int, sold_on: date | None
    ) -> UnitFacts | None:
        """The facts of an unregistered unit of a catalog model bought on `sold_on`."""
        found = await self._product(session, product_id)
        return None if found is None else UnitFacts(product=found[1], sold_on=sold_on)

    async def product_name(self, session: AsyncSession, product_id: int) -> str | None:
        """A catalog model's name."""
        found = await self._product(session, product_id)
        return None if found is None else found[0]
