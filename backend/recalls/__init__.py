"""Recall campaigns: a notice to the owners of chosen units, their answers, the repairs."""
