"""Warranty claims: intake, lifecycle, timeline and attachments."""
