"""One serving process per SQLite file: a lock file next to the database, held while serving."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy import make_url


class DatabaseInUse(RuntimeError):
    """Another process already serves this SQLite database."""


def lock_sqlite(database_url: str) -> IO[str] | None:
    """Hold `<database>.lock` for the life of the process; None for PostgreSQL or in-memory.

    The lock goes with the process however it ends (the kernel releases it), so a crash never
    leaves a stale lock behind.
    """
    url = make_url(database_url)
    if not url.get_backend_name().startswith("sqlite") or url.database in (None, "", ":memory:"):
        return None
    lock_path = Path(f"{url.database}.lock")
    handle = lock_path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise DatabaseInUse(
            f"The SQLite database {url.database} is already served by process {holder}. "
            "SQLite allows one serving process: stop the other one, or use PostgreSQL "
            "for several."
        ) from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    return handle
