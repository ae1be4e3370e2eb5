"""Start-up checks of what the settings point at: each failure is one line naming the variable.

A wrong database URL or an unwritable folder would otherwise surface as a driver traceback on
the first request; here it stops the process before it serves anything (exit code 2 on the
command line), with the fix in the message.
"""

from __future__ import annotations

import asyncio
import importlib.util
import tempfile
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.config import Settings, SettingsError
from backend.db.migrate import current_revision, head_revision

POSTGRES_EXTRA = 'pip install "warranty-intake[postgres]"'
# PostgreSQL error classes (SQLSTATE) worth their own advice.
MISSING_DATABASE = "3D000"
REFUSED_LOGIN = ("28000", "28P01")
# A server that drops packets instead of refusing would hold the start for the driver's own
# connect time-out (a minute); a healthy one answers in milliseconds.
CONNECT_TIMEOUT_S = 10.0


def _require_writable(folder: Path, problem: str, file: Path | None = None) -> None:
    """Create `folder` if needed and a file in it (and open `file` for appending); when the
    system refuses, raise SettingsError with `problem`, its `{reason}` filled in."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-probe-"):
            pass
        if file is not None and file.exists():
            file.open("ab").close()
    except OSError as error:
        raise SettingsError(problem.replace("{reason}", str(error.strerror or error))) from None


def check_media_dir(path: Path) -> None:
    """MEDIA_DIR exists (created when missing) and this process can write in it."""
    _require_writable(
        path,
        f"MEDIA_DIR: cannot write to {path} ({{reason}}): create it with write access for this "
        "user or set MEDIA_DIR to another folder",
    )


def check_driver(url: URL) -> None:
    """The database driver the URL names is installed."""
    if url.drivername == "postgresql+asyncpg" and importlib.util.find_spec("asyncpg") is None:
        raise SettingsError(
            "DATABASE_URL: postgresql+asyncpg:// needs the asyncpg driver, which is not "
            f"installed: {POSTGRES_EXTRA}"
        )


def check_sqlite_file(url: URL) -> None:
    """The folder of the SQLite file exists and this process can write the file and its WAL."""
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return
    path = Path(url.database or "")
    folder = path.parent.resolve()
    if not folder.is_dir():
        raise SettingsError(
            f"DATABASE_URL: the folder {folder} of the SQLite file does not exist: create it "
            "(mkdir -p) or point DATABASE_URL to another path"
        )
    _require_writable(
        folder,
        f"DATABASE_URL: cannot write the SQLite file {path} ({{reason}}): give this user write "
        "access or point DATABASE_URL to another path",
        path,
    )


def check_settings(settings: Settings) -> None:
    """The checks that need no connection: media folder, driver, SQLite file."""
    url = make_url(settings.database_url)
    check_media_dir(settings.media_dir)
    check_driver(url)
    check_sqlite_file(url)


def _sqlstate(error: DBAPIError) -> str | None:
    for candidate in (error.orig, getattr(error.orig, "__cause__", None)):
        state = getattr(candidate, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def _connection_problem(url: URL, error: Exception) -> str:
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if isinstance(error, TimeoutError):
        return (
            f"DATABASE_URL: no answer from the database server at {where} within "
            f"{CONNECT_TIMEOUT_S:.0f} s: check the host, the port and the firewall"
        )
    if isinstance(error, OSError):
        return (
            f"DATABASE_URL: cannot reach the database server at {where} "
            f"({error.strerror or error}): start it or correct the host and port"
        )
    state = _sqlstate(error) if isinstance(error, DBAPIError) else None
    reason = str(getattr(error, "orig", error)).splitlines()[0]
    if state == MISSING_DATABASE:
        return (
            f'DATABASE_URL: database "{url.database}" does not exist on {where}: create it '
            f"(createdb {url.database}) or correct the name"
        )
    if state in REFUSED_LOGIN:
        return (
            f"DATABASE_URL: the server at {where} refused the login ({reason}): "
            "correct the user and password"
        )
    return f"DATABASE_URL: cannot open the database ({reason}): check DATABASE_URL"


async def check_connection(engine: AsyncEngine) -> None:
    """Open one connection; a refusal becomes a SettingsError with the fix."""
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_S), engine.connect():
            pass
    except (OSError, TimeoutError, DBAPIError) as error:
        raise SettingsError(_connection_problem(engine.url, error)) from None


async def check_schema(engine: AsyncEngine) -> None:
    """The database has the schema of this version (PostgreSQL is migrated by `db upgrade`)."""
    reached, needed = await current_revision(engine), head_revision()
    if reached != needed:
        raise SettingsError(
            f"DATABASE_URL: the database is at schema revision {reached or '(empty)'}, this "
            f"version needs {needed}: run warranty-intake db upgrade"
        )
