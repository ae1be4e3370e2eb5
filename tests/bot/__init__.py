"""Tests of the Telegram adapter and its fake Bot API server."""
