"""Telegram adapter (aiogram 3): updates become dialog events, replies become Bot API calls."""
