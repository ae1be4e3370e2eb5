"""`warranty-intake staff add LOGIN --role agent|manager|admin`: staff accounts."""

from __future__ import annotations

import typer
from sqlalchemy.exc import IntegrityError

from backend.cli.common import run_with_runtime
from backend.runtime import Runtime
from backend.staff.models import Role
from backend.staff.service import add_staff, generate_password

app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
ROLE_OPTION = typer.Option(Role.AGENT, help="agent, manager or admin.")


@app.command("add")
def add_command(
    login: str = typer.Argument(..., help="Login name (stored in lower case)."),
    role: Role = ROLE_OPTION,
    name: str = typer.Option("", help="Display name shown in timelines."),
    ask_password: bool = typer.Option(
        False, "--ask-password", help="Type the password instead of generating one."
    ),
) -> None:
    """Create a staff account; a generated password is printed once."""
    if ask_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        if len(password) < 10:
            typer.echo("The password needs at least 10 characters.", err=True)
            raise typer.Exit(2)
    else:
        password = generate_password()

    async def job(runtime: Runtime) -> None:
        async with runtime.sessions() as session:
            await add_staff(session, login, role, password, display_name=name)
            await session.commit()

    try:
        run_with_runtime(job)
    except IntegrityError:
        typer.echo(f"A staff account {login.lower()!r} already exists.", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Created {login.lower()} ({role.value}).")
    if not ask_password:
        typer.echo(f"Password (shown once): {password}")
