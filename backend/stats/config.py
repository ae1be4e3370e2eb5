"""The knobs of the systematic-defect warnings (`STATS_WARNING_*` in `backend.config`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

# The bounds live here once: the settings fields and the rules below share them.
WindowDays = Annotated[int, Field(ge=7, le=180)]
HistoryDays = Annotated[int, Field(ge=30, le=730)]
Ratio = Annotated[float, Field(gt=1.0, le=20.0)]
MinClaims = Annotated[int, Field(ge=1)]
MinRate = Annotated[float, Field(ge=0.0, description="claims per 1,000 units per window")]


class WarningRules(BaseModel):
    """When a model's claim rate counts as a systematic defect (see `backend.stats.defects`)."""

    window_days: WindowDays = 30
    history_days: HistoryDays = 180
    ratio: Ratio = 2.0
    min_claims: MinClaims = 5
    min_rate: MinRate = 1.0

    def with_window(self, days: int | None) -> WarningRules:
        """The same rules with another window length (ignored when out of range)."""
        if days is None or not 7 <= days <= 180:
            return self
        return self.model_copy(update={"window_days": days})
