"""Application settings read from the environment and an optional `.env` file."""

from __future__ import annotations

import secrets
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Locale = Literal["en", "ru", "ko"]
SUPPORTED_LOCALES: tuple[Locale, ...] = ("en", "ru", "ko")


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
    company_name: str = "Warranty Service"
    # Behind a reverse proxy: the peers whose X-Forwarded-Proto/-For headers are believed.
    forwarded_allow_ips: str = "127.0.0.1"
    admin_totp_required: bool = Field(
        default=False, description="admins must sign in with a one-time code"
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

    @field_validator("log_format", "log_level", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("jurisdiction", "default_locale", mode="before")
    @classmethod
    def _normalise_case(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip()
        return value

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

    @property
    def is_sqlite(self) -> bool:
        """Whether the configured database is the embedded SQLite engine."""
        return self.database_url.startswith("sqlite")


def describe_error(error: ValidationError) -> str:
    """Turn a validation error into lines that name the environment variables."""
    lines = []
    for item in error.errors():
        name = "_".join(str(part) for part in item["loc"][:1]).upper() or "SETTINGS"
        lines.append(f"{name}: {item['msg']}")
    return "Invalid configuration:\n  " + "\n  ".join(lines)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Load the settings once; raise SettingsError with a readable message when wrong."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(describe_error(error)) from error
