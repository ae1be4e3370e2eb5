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

from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.facts import product_facts, unit_facts
from backend.catalog.models import Product, Unit
from backend.warranty import ProductFacts, UnitFacts

Key = tuple[str, int]


class FactsCache:
    """Recently read `UnitFacts` and `ProductFacts` by id, each for at most `ttl` seconds."""

    def __init__(
        self,
        ttl: float = 30.0,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self.clock = clock
        self._entries: OrderedDict[Key, tuple[float, UnitFacts | ProductFacts]] = OrderedDict()

    def _get(self, key: Key) -> UnitFacts | ProductFacts | None:
        entry = self._entries.get(key)
        if entry is None or self.clock() - entry[0] > self.ttl:
            return None
        return entry[1]

    def _put(self, key: Key, value: UnitFacts | ProductFacts) -> None:
        self._entries[key] = (self.clock(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    async def unit(self, session: AsyncSession, unit_id: int, *, fresh: bool) -> UnitFacts | None:
        """The facts of a registered unit."""
        cached = None if fresh else self._get(("unit", unit_id))
        if isinstance(cached, UnitFacts):
            return cached
        unit = await session.get(Unit, unit_id)
        if unit is None:
            return None
        facts = unit_facts(unit)
        self._put(("unit", unit_id), facts)
        return facts

    async def product(
        self, session: AsyncSession, product_id: int, sold_on: date | None, *, fresh: bool
    ) -> UnitFacts | None:
        """The facts of an unregistered unit of a catalog model bought on `sold_on`."""
        cached = None if fresh else self._get(("product", product_id))
        if not isinstance(cached, ProductFacts):
            product = await session.get(Product, product_id)
            if product is None:
                return None
            cached = product_facts(product)
            self._put(("product", product_id), cached)
        return UnitFacts(product=cached, sold_on=sold_on)
