"""Warranty intake: the domain, the database and the HTTP application."""

__version__ = "0.1.0"
