"""Stored conversation state, so any process can continue any dialog."""
