"""The knobs of the systematic-defect warnings, one environment variable each."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WarningRules(BaseSettings):
    """When a model's claim rate counts as a systematic defect (see `backend.stats.defects`)."""

    model_config = SettingsConfigDict(env_prefix="STATS_WARNING_", extra="ignore")

    window_days: int = Field(default=30, ge=7, le=180)
    history_days: int = Field(default=180, ge=30, le=730)
    ratio: float = Field(default=2.0, gt=1.0, le=20.0)
    min_claims: int = Field(default=5, ge=1)
    min_rate: float = Field(default=1.0, ge=0.0, description="claims per 1,000 units per window")

    def with_window(self, days: int | None) -> WarningRules:
        """The same rules with another window length (ignored when out of range)."""
        if days is None or not 7 <= days <= 180:
            return self
        return self.model_copy(update={"window_days": days})
