"""Database access: declarative base, engine and session factory, migrations."""
