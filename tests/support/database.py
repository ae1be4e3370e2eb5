"""Where the PostgreSQL tests find their server."""

from __future__ import annotations

import os

import pytest


def postgres_url() -> str:
    """The PostgreSQL test database, or a skip/fail when there is none."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url:
        return url
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
    pytest.skip("PostgreSQL not configured: set TEST_DATABASE_URL")
