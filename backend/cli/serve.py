"""`warranty-intake serve`: the HTTP application under uvicorn."""

from __future__ import annotations

import asyncio

import typer
import uvicorn

from backend.config import Settings, get_settings
from backend.db.lock import DatabaseInUse, lock_sqlite
from backend.preflight import check_schema
from backend.runtime import open_runtime


async def _check(settings: Settings) -> None:
    runtime = await open_runtime(settings)
    try:
        if not settings.is_sqlite:  # SQLite is migrated when the application starts
            await check_schema(runtime.engine)
    finally:
        await runtime.close()


def serve(host: str, port: int) -> None:
    """Run the application until interrupted; in-flight requests finish on shutdown."""
    from backend.monitoring.logs import logging_config
    from backend.web.app import create_app
    from backend.web.chat import MAX_FRAME

    settings = get_settings()
    # Fail here, with one line, rather than inside uvicorn's start-up with a traceback.
    asyncio.run(_check(settings))
    try:
        lock = lock_sqlite(settings.database_url)
    except DatabaseInUse as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    app = create_app(settings)
    uvicorn.run(
        app,
        log_config=logging_config(settings),  # LOG_FORMAT for uvicorn's lines too
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=20,
        # X-Forwarded-Proto makes request.url https behind the proxy, so cookies get Secure.
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        ws_max_size=4 * MAX_FRAME,  # bytes: a frame of MAX_FRAME characters in UTF-8
    )
    if lock is not None:
        lock.close()


def register(app: typer.Typer) -> None:
    """Add the `serve` command to `app`."""

    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
        port: int = typer.Option(8000, help="TCP port."),
    ) -> None:
        """Serve the web chat, the API, health checks and background workers."""
        serve(host, port)
