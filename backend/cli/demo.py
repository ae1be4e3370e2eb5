"""`warranty-intake demo`: a database with demo data, ready to try."""

from __future__ import annotations

import typer

from backend.cli.common import run_with_runtime
from backend.cli.serve import serve
from backend.demo.history import HistoryReport, generate_with_progress
from backend.demo.seed import DemoLogins, seed_demo
from backend.runtime import Runtime


def register(app: typer.Typer) -> None:
    """Add the `demo` command to `app`."""

    @app.command("demo")
    def demo_command(
        host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
        port: int = typer.Option(8000, help="TCP port."),
        no_serve: bool = typer.Option(
            False, "--no-serve", help="Only seed; don't start the server."
        ),
        claims: int = typer.Option(
            0, "--claims", min=0, max=5_000_000, help="Also generate a year of N claims."
        ),
    ) -> None:
        """Seed the demo catalog, sold units, pickup slots and staff accounts, then serve."""

        async def job(runtime: Runtime) -> tuple[DemoLogins, HistoryReport | None]:
            async with runtime.sessions() as session:
                logins = await seed_demo(session, runtime.clock.today())
            if not claims:
                return logins, None
            return logins, await generate_with_progress(runtime.engine, claims, runtime.clock.now())

        logins, history = run_with_runtime(job)
        if history is not None:
            typer.echo(f"Generated {history.claims} claims of history in {history.seconds:.1f} s.")
        typer.echo("Demo data is ready.")
        typer.echo("Try: warranty-intake warranty WM700-FRESH --lang en")
        typer.echo("Staff accounts (login / role / password):")
        for login, role, password in logins.accounts:
            typer.echo(f"  {login} / {role} / {password}")
        if no_serve:
            typer.echo(f"Start the server with: warranty-intake serve --host {host} --port {port}")
        typer.echo(f"Web chat:       http://{host}:{port}/")
        typer.echo(f"Staff console:  http://{host}:{port}/staff")
        typer.echo(f"API docs:       http://{host}:{port}/docs")
        typer.echo("Terminal:       warranty-intake chat   (in another terminal)")
        if not no_serve:
            serve(host, port)
