"""What the dialogs need to know about the deployment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend.config import JURISDICTION_CURRENCY, Settings

PHONE_REGIONS = {"RU": "RU", "KR": "KR", "EU": None}
# Where a language is one country's own, a local number in it is read as that country's when it
# is no number of the service's region ("010-1234-5678" from a Korean-speaking customer of a
# Russian service).
LOCALE_PHONE_REGIONS = {"ru": "RU", "ko": "KR"}


@dataclass(frozen=True)
class DialogConfig:
    """Jurisdiction, languages and limits the engine works with."""

    jurisdiction: str = "RU"
    default_locale: str = "en"
    company_name: str = "Warranty Service"
    service_address: str = ""
    media_dir: Path = Path("media")
    max_text_length: int = 2000
    currency: str = ""  # ISO 4217 of quotes and refunds in the chat; empty: the jurisdiction's

    def __post_init__(self) -> None:
        if not self.currency:  # frozen: set once, here
            object.__setattr__(self, "currency", JURISDICTION_CURRENCY[self.jurisdiction])

    @property
    def phone_region(self) -> str | None:
        """The region a phone number without a country code belongs to."""
        return PHONE_REGIONS.get(self.jurisdiction)

    @classmethod
    def from_settings(cls, settings: Settings) -> DialogConfig:
        """The dialog configuration of the running deployment."""
        return cls(
            jurisdiction=settings.jurisdiction,
            default_locale=settings.default_locale,
            company_name=settings.company_name,
            service_address=settings.service_address,
            media_dir=settings.media_dir,
            currency=settings.currency,
        )
