"""The web-chat load benchmark's server: a seeded database, uvicorn in a subprocess, its memory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from backend.db.migrate import upgrade
from backend.db.session import make_engine, make_session_factory
from backend.demo.seed import seed_demo

ROOT = Path(__file__).resolve().parent.parent
SECRET = "webchat-load-benchmark-secret-key"


async def prepare_database(url: str) -> tuple[int, int]:
    """Migrate and seed; return (claims, distinct claim numbers) already there."""
    engine = make_engine(url)
    await upgrade(engine)
    async with make_session_factory(engine)() as session:
        await seed_demo(session, date.today())
    counts = await count_claims(url, engine)
    await engine.dispose()
    return counts


async def count_claims(url: str, engine: Any = None) -> tuple[int, int]:
    """(claims, distinct claim numbers) in the database."""
    own = engine is None
    engine = engine or make_engine(url)
    async with engine.connect() as connection:
        row = (
            await connection.execute(text("SELECT count(*), count(DISTINCT number) FROM claim"))
        ).one()
    if own:
        await engine.dispose()
    return int(row[0]), int(row[1])


def start_server(url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """uvicorn with the application in a subprocess, on a socket bound here (no port race)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_DIR": str(workdir / "media"),
        "SECRET_KEY": SECRET,
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "backend.web.app:create_app",
        "--factory",
        "--fd",
        str(listener.fileno()),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, cwd=workdir, env=environment, pass_fds=(listener.fileno(),))
    listener.close()
    return server, port


async def http_get(port: int, path: str) -> tuple[int, dict[str, str]]:
    """A plain HTTP/1.1 GET without a cookie jar: (status, headers, set-cookie merged)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Language: en\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    await writer.drain()
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    await reader.read()
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()
    lines = head.split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers


async def wait_until_ready(server: subprocess.Popen[bytes], port: int, within_s: float) -> None:
    """Poll /readyz until the application answers with its database reachable."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        with contextlib.suppress(OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            if (await http_get(port, "/readyz"))[0] == 200:
                return
        await asyncio.sleep(0.1)
    raise SystemExit("the server did not become ready")


def server_memory(pid: int) -> dict[str, str]:
    """VmHWM (peak) and VmRSS (now) of the server process."""
    values = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                values[name] = f"{int(value.split()[0]) / 1024:.1f} MB"
    return values


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ask uvicorn to shut down gracefully; kill it when it does not."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- the customers ---------------------------------------------------------------------------


def raise_file_limit(customers: int) -> None:
    """Each customer needs a socket here and one in the server (which inherits the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = customers * 2 + 256
    if soft < wanted:
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
