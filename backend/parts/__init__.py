"""Spare parts: the catalog per model, requests on claims, repair costs, supplier claims."""
