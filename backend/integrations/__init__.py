"""Integrations: API keys for other systems (the company's site forms, BI tools)."""
