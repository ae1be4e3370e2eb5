"""Printable documents (PDF) with fonts shipped in the package."""
