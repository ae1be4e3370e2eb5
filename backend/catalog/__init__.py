"""Product catalog and the registry of sold units."""
