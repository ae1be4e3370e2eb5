"""`warranty-intake staff add|password|disable|totp LOGIN`: staff accounts, their passwords and
one-time codes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import typer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.cli.common import run_with_runtime
from backend.runtime import Runtime
from backend.staff.models import Role, StaffUser
from backend.staff.service import (
    add_staff,
    find_staff,
    generate_password,
    set_active,
    set_password,
)
from backend.staff.sessions import close_all_sessions
from backend.staff.totp import new_secret, provisioning_uri

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
    password = _chosen_password(ask_password)

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


def _change(login: str, change: Callable[[AsyncSession, StaffUser], Awaitable[None]]) -> None:
    """Apply `change` to one account and commit; exit 1 when there is no such account."""

    async def job(runtime: Runtime) -> bool:
        async with runtime.sessions() as session:
            user = await find_staff(session, login)
            if user is None:
                return False
            await change(session, user)
            await session.commit()
            return True

    if not run_with_runtime(job):
        typer.echo(f"No staff account {login.lower()!r}.", err=True)
        raise typer.Exit(1)


def _chosen_password(ask: bool) -> str:
    if not ask:
        return generate_password()
    password = str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    if len(password) < 10:
        typer.echo("The password needs at least 10 characters.", err=True)
        raise typer.Exit(2)
    return password


@app.command("totp")
def totp_command(
    login: str = typer.Argument(..., help="Login name."),
    off: bool = typer.Option(False, "--off", help="Remove the one-time code instead."),
) -> None:
    """Give an account a one-time code (TOTP) and print the link for an authenticator app."""
    secret = None if off else new_secret()

    async def change(session: AsyncSession, user: StaffUser) -> None:
        user.totp_secret = secret
        await close_all_sessions(session, user.id)

    _change(login, change)
    if secret is None:
        typer.echo(f"{login.lower()} signs in without a one-time code now.")
        return
    typer.echo(f"Secret (shown once): {secret}")
    typer.echo(f"Authenticator link: {provisioning_uri(secret, login.lower())}")


@app.command("password")
def password_command(
    login: str = typer.Argument(..., help="Login name."),
    ask_password: bool = typer.Option(
        False, "--ask-password", help="Type the password instead of generating one."
    ),
) -> None:
    """Set a new password; every open session of the account ends."""
    password = _chosen_password(ask_password)

    async def change(session: AsyncSession, user: StaffUser) -> None:
        await set_password(session, user, password)

    _change(login, change)
    typer.echo(f"New password for {login.lower()}; its sessions have ended.")
    if not ask_password:
        typer.echo(f"Password (shown once): {password}")


@app.command("disable")
def disable_command(
    login: str = typer.Argument(..., help="Login name."),
    enable: bool = typer.Option(False, "--enable", help="Enable the account again instead."),
) -> None:
    """Disable an account (its sessions end at once), or enable it again."""

    async def change(session: AsyncSession, user: StaffUser) -> None:
        await set_active(session, user, enable)

    _change(login, change)
    typer.echo(f"{login.lower()} is {'enabled' if enable else 'disabled'}.")
