"""`warranty-intake db ...`: schema migrations."""

from __future__ import annotations

import typer

from backend.cli.common import run_with_runtime
from backend.db.migrate import current_revision, upgrade
from backend.runtime import Runtime

app = typer.Typer(help="Database schema commands.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Migrate the database to the newest schema (or REVISION)."""

    async def job(runtime: Runtime) -> str | None:
        await upgrade(runtime.engine, revision)
        return await current_revision(runtime.engine)

    reached = run_with_runtime(job, migrate=False)
    typer.echo(f"Database at revision {reached}.")


@app.command("current")
def current_command() -> None:
    """Print the revision the database is at."""

    async def job(runtime: Runtime) -> str | None:
        return await current_revision(runtime.engine)

    typer.echo(run_with_runtime(job, migrate=False) or "empty database")
