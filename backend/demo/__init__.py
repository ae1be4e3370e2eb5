"""Demo data: a small catalog, a sales registry, pickup slots and a staff account."""
