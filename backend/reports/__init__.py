"""Scheduled complaint reports to managers, and managers' linked Telegram chats."""
