"""`warranty-intake serve`: the HTTP application under uvicorn."""

from __future__ import annotations

import typer
import uvicorn

from backend.config import get_settings


def serve(host: str, port: int) -> None:
    """Run the application until interrupted; in-flight requests finish on shutdown."""
    from backend.web.app import create_app
    from backend.web.chat import MAX_FRAME

    app = create_app(get_settings())
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=20,
        proxy_headers=True,
        ws_max_size=4 * MAX_FRAME,  # bytes: a frame of MAX_FRAME characters in UTF-8
    )


def register(app: typer.Typer) -> None:
    """Add the `serve` command to `app`."""

    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
        port: int = typer.Option(8000, help="TCP port."),
    ) -> None:
        """Serve the web chat, the API, health checks and background workers."""
        serve(host, port)
