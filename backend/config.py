"""Application settings read from the environment and an optional `.env` file."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.reports.schedule import parse_schedule
from backend.stats.config import (
    HistoryDays,
    MinClaims,
    MinRate,
    Ratio,
    WarningRules,
    WindowDays,
)

Locale = Literal["en", "ru", "ko"]
SUPPORTED_LOCALES: tuple[Locale, ...] = ("en", "ru", "ko")


# The money of each jurisdiction: the rules' sums (the paid repair minimum) are written in it.
JURISDICTION_CURRENCY = {"RU": "RUB", "EU": "EUR", "KR": "KRW"}

ORIGIN = re.compile(r"https?://([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?")


class SettingsError(RuntimeError):
    """A configuration value is missing or wrong; the message names the variable."""


class Settings(BaseSettings):
    """Every knob an operator can turn, one environment variable each."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default="sqlite+aiosqlite:///./warranty.db")
    jurisdiction: Literal["RU", "EU", "KR"] = "RU"
    default_locale: Locale = "en"
    secret_key: str = Field(default="", description="empty: kept in SECRET_KEY_FILE")
    secret_key_file: Path = Path("./.warranty-secret")
    media_dir: Path = Path("./media")
    max_upload_mb: float = Field(default=20.0, gt=0, le=20.0)
    telegram_bot_token: str | None = None
    telegram_api_base: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_messages_per_second: float = Field(default=30.0, gt=0, le=1000)
    telegram_lease_seconds: float = Field(default=30.0, gt=0, le=3600)
    company_name: str = "Warranty Service"
    service_address: str = Field(
        default="", max_length=300, description="where couriers deliver items (the waybill)"
    )
    # Statistics and documents: read like every other setting, so `.env` works for them too.
    stats_warning_window_days: WindowDays = 30
    stats_warning_history_days: HistoryDays = 180
    stats_warning_ratio: Ratio = 2.0
    stats_warning_min_claims: MinClaims = 5
    stats_warning_min_rate: MinRate = 1.0
    pdf_cjk_font: Path | None = None
    # Repair costs: labour hours are priced at this rate; amounts are in this currency, which
    # is also the one quotes and refunds are shown in (unset: the jurisdiction's own).
    labour_rate_per_hour: Decimal = Field(default=Decimal("1500"), ge=0, lt=Decimal(10) ** 8)
    currency: str = Field(default="RUB", pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    report_schedule: str = "mon 08:00"  # weekly complaint report: weekday and UTC hour, or off
    # Behind a reverse proxy: the peers whose X-Forwarded-Proto/-For headers are believed.
    forwarded_allow_ips: str = "127.0.0.1"
    admin_totp_required: bool = Field(
        default=False, description="admins must sign in with a one-time code"
    )

    # The chat widget other sites embed with one script tag (docs/widget.md).
    widget_color: str = Field(default="#0b5cad", description="the launcher's colour, #rrggbb")
    widget_greeting: str = Field(
        default="", max_length=200, description="empty: a greeting in the visitor's language"
    )
    widget_allowed_origins: str = Field(
        default="", description="origins allowed to embed the chat (space- or comma-separated)"
    )

    # Operations: metrics and logs (docs/operations.md).
    metrics_token: str | None = Field(default=None, description="unset: loopback clients only")
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("jurisdiction", mode="before")
    @classmethod
    def _upper_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("default_locale", "log_format", "log_level", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("report_schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        parse_schedule(value)  # ValueError names the form
        return value.strip().lower()

    @field_validator("pdf_cjk_font", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _addresses_or_star(cls, value: str) -> str:
        items = [item.strip() for item in value.split(",") if item.strip()]
        for item in items:
            if item != "*":
                try:
                    ip_network(item, strict=False)
                except ValueError:
                    raise ValueError(
                        f"{item!r} is not an IP address or network (comma-separated, or *)"
                    ) from None
        return ",".join(items)

    @field_validator("widget_color")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()):
            raise ValueError("must be a colour written #rrggbb, such as #0b5cad")
        return value.strip().lower()

    @field_validator("widget_greeting")
    @classmethod
    def _printable(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError("must be one line of printable text")
        return value.strip()

    @field_validator("widget_allowed_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        items = [item.strip().rstrip("/") for item in re.split(r"[\s,]+", value) if item.strip()]
        for item in items:
            if not ORIGIN.fullmatch(item):
                raise ValueError(
                    f"{item!r} is not an origin such as https://shop.example.com (no path)"
                )
        return " ".join(items)

    @property
    def widget_origins(self) -> tuple[str, ...]:
        """The sites that may show the chat in a frame."""
        return tuple(self.widget_allowed_origins.split())

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value) < 16:
            raise ValueError("must be at least 16 characters (or empty to generate one)")
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret_charset(cls, value: str | None) -> str | None:
        # Telegram accepts 1-256 characters from A-Z, a-z, 0-9, _ and -.
        if value is None:
            return value
        allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        if not 1 <= len(value) <= 256 or not set(value) <= allowed:
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _jurisdiction_currency(self) -> Settings:
        if "currency" not in self.model_fields_set:
            self.currency = JURISDICTION_CURRENCY[self.jurisdiction]
        return self

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set")
        if self.telegram_webhook_url and not self.telegram_bot_token:
            raise ValueError("TELEGRAM_BOT_TOKEN must be set when TELEGRAM_WEBHOOK_URL is set")
        return self

    def resolved_secret_key(self) -> str:
        """SECRET_KEY, or a random key created once and kept in SECRET_KEY_FILE (mode 0600)."""
        if self.secret_key:
            return self.secret_key
        path = self.secret_key_file
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        key = secrets.token_urlsafe(48)
        path.touch(mode=0o600)
        path.write_text(key, encoding="utf-8")
        return key

    def warning_rules(self) -> WarningRules:
        """The systematic-defect warning rules of `STATS_WARNING_*`."""
        return WarningRules(
            window_days=self.stats_warning_window_days,
            history_days=self.stats_warning_history_days,
            ratio=self.stats_warning_ratio,
            min_claims=self.stats_warning_min_claims,
            min_rate=self.stats_warning_min_rate,
        )

    @property
    def is_sqlite(self) -> bool:
        """Whether the configured database is the embedded SQLite engine."""
        return self.database_url.startswith("sqlite")


def describe_error(error: ValidationError) -> str:
    """Turn a validation error into one line that names the environment variables."""
    problems = []
    for item in error.errors():
        name = "_".join(str(part) for part in item["loc"][:1]).upper()
        message = str(item["msg"]).removeprefix("Value error, ")
        # Secrets and tokens are never echoed back, not even to the operator's terminal.
        shown = name and not any(word in name for word in ("SECRET", "TOKEN"))
        label = f"{name}={item['input']!r}" if shown else name
        problems.append(f"{label}: {message}" if label else message)
    return "Invalid configuration: " + "; ".join(problems)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Load the settings once; raise SettingsError with a readable message when wrong."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(describe_error(error)) from error
