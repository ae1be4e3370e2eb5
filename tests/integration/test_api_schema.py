"""The public API fuzzed from its own OpenAPI document: no 5xx and no undocumented status."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import httpx
import pytest

from backend.db.session import SessionFactory
from backend.demo.seed import seed_demo
from backend.integrations.models import ApiScope
from backend.integrations.service import create_key
from tests.servers import free_port
from tests.support.clock import TODAY

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


async def _started(port: int, server: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if server.returncode is not None:
                pytest.fail(f"serve exited with {server.returncode}")
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    pytest.fail("serve never started")


async def test_fuzzed_api_gives_no_server_error_and_no_undocumented_status(
    session_factory: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    async with session_factory() as session:
        await seed_demo(session, TODAY)
        _, key = await create_key(session, "fuzzing", ApiScope.INTEGRATION)
        await session.commit()
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "schema-fuzzing-secret-key",
    }
    log = (tmp_path / "serve.log").open("wb")
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backend", "serve", "--port", str(port),
        cwd=tmp_path, env=environment, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        await _started(port, server)
        fuzz = await asyncio.create_subprocess_exec(
            str(SCHEMATHESIS), "run", f"http://127.0.0.1:{port}/openapi.json",
            "--checks", "not_a_server_error,status_code_conformance",
            "--phases", "examples,coverage,fuzzing",
            "--max-examples", "25", "--seed", "20261201",
            "--header", f"X-API-Key: {key}",
            cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(fuzz.communicate(), timeout=240)
    finally:
        server.terminate()
        await server.wait()
        log.close()
    report = output.decode(errors="replace")
    assert fuzz.returncode == 0, report[-30000:]
    assert "passed" in report
