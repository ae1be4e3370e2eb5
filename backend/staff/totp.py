"""One-time codes (TOTP, RFC 6238) as a second factor for staff, made and checked with pyotp."""

from __future__ import annotations

from datetime import datetime

import pyotp

ISSUER = "Warranty intake"


def new_secret() -> str:
    """A fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, login: str) -> str:
    """The otpauth:// link (or QR code content) an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=ISSUER)


def code_matches(secret: str, code: str, now: datetime) -> bool:
    """Whether `code` is the current code of `secret` (one step either side for clock drift)."""
    code = code.strip().replace(" ", "")
    return (
        len(code) == 6
        and code.isdigit()
        and pyotp.TOTP(secret).verify(code, for_time=now, valid_window=1)
    )
