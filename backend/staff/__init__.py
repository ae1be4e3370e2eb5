"""Service staff: accounts, roles, the console."""
