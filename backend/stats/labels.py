"""Words of the statistics in every language (gettext msgids) and number formatting."""

from __future__ import annotations

from datetime import date

from babel.numbers import format_decimal, format_percent

from backend.i18n import N_, gettext_for

CHANNEL_NAMES: dict[str, str] = {
    "telegram": N_("Telegram"),
    "web": N_("Web chat"),
    "terminal": N_("Terminal"),
    "api": N_("Site and integrations (API)"),
}
UNLISTED_DEFECTS = N_("Unlisted category")
TABLE_TITLES: dict[str, str] = {
    "intake": N_("Claims received"),
    "channels": N_("Claims by channel"),
    "products": N_("Claims by product model"),
    "defects": N_("Claims by defect category"),
    "statuses": N_("Status funnel"),
    "warranty": N_("Warranty status"),
    "service": N_("Service levels"),
    "overdue": N_("Overdue claims"),
    "escalations": N_("Escalations"),
    "transport": N_("Transport and loaners"),
    "ratings": N_("Customer ratings"),
    "models": N_("Claim rates per model"),
    "costs_models": N_("Repair costs per model"),
    "costs_defects": N_("Repair costs per defect category"),
}
HOURS = N_("{value} h")
DAYS = N_("{value} d")


class Formatter:
    """Numbers, shares and durations written the way a language writes them."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def number(self, value: float | None, digits: int = 0) -> str:
        """A number with grouping; a dash for none."""
        if value is None:
            return "—"
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def share(self, value: float | None) -> str:
        """A share as a percentage with one decimal; a dash for none."""
        if value is None:
            return "—"
        return str(format_percent(value, format="#,##0.0%", locale=self.locale))

    def duration(self, seconds: float | None) -> str:
        """Hours below two days, days above; a dash for none."""
        if seconds is None:
            return "—"
        hours = seconds / 3600
        if hours < 48:
            return gettext_for(self.locale, HOURS, value=self.number(hours, 1))
        return gettext_for(self.locale, DAYS, value=self.number(hours / 24, 1))

    def cell(self, value: object) -> str:
        """A table cell: numbers written locally, dates in ISO form, a dash for none."""
        if value is None:
            return "—"
        if isinstance(value, (bool, str)):
            return str(value)
        if isinstance(value, int):
            return self.number(value)
        if isinstance(value, float):
            return self.number(value, 2)
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def text(self, message: str, **params: object) -> str:
        """A message in this language."""
        return gettext_for(self.locale, message, **params)
