"""`warranty-intake api-key create|revoke`: keys for integrations and BI tools."""

from __future__ import annotations

import typer

from backend.cli.common import run_with_runtime
from backend.integrations.models import ApiScope
from backend.integrations.service import create_key, revoke_key
from backend.runtime import Runtime

app = typer.Typer(help="API keys for integrations.", no_args_is_help=True)
SCOPE_OPTION = typer.Option(ApiScope.INTEGRATION, help="integration (create claims) or manager.")


@app.command("create")
def create_command(
    name: str = typer.Argument(..., help="Who uses the key."), scope: ApiScope = SCOPE_OPTION
) -> None:
    """Make a key; it is printed once."""

    async def job(runtime: Runtime) -> str:
        async with runtime.sessions() as session:
            _, plain = await create_key(session, name, scope)
            await session.commit()
            return plain

    plain = run_with_runtime(job)
    typer.echo(f"API key for {name} ({scope.value}), shown once:\n{plain}")


@app.command("revoke")
def revoke_command(
    prefix: str = typer.Argument(..., help="The part after wi_ and before _."),
) -> None:
    """Revoke a key by its prefix."""

    async def job(runtime: Runtime) -> bool:
        async with runtime.sessions() as session:
            found = await revoke_key(session, prefix)
            await session.commit()
            return found

    if not run_with_runtime(job):
        typer.echo(f"No key with prefix {prefix!r}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Revoked {prefix}.")
