"""The HTTP application: web chat, public API, health, Telegram webhook, staff console."""
