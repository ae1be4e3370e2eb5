"""`warranty-intake demo`: a database with demo data, ready to try."""

from __future__ import annotations

from datetime import date

import typer

from backend.cli.common import run_with_runtime
from backend.demo.seed import DemoLogins, seed_demo
from backend.runtime import Runtime


def register(app: typer.Typer) -> None:
    """Add the `demo` command to `app`."""

    @app.command("demo")
    def demo_command() -> None:
        """Seed the demo catalog, sold units, pickup slots and staff accounts."""

        async def job(runtime: Runtime) -> DemoLogins:
            async with runtime.sessions() as session:
                return await seed_demo(session, date.today())

        logins = run_with_runtime(job)
        typer.echo("Demo data is ready.")
        typer.echo("Try: warranty-intake warranty WM700-FRESH --lang en")
        typer.echo("Staff accounts (login / role / password):")
        for login, role, password in logins.accounts:
            typer.echo(f"  {login} / {role} / {password}")
