"""`serve` with LOG_FORMAT=json: uvicorn's own lines are JSON objects too, without the client."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers import free_port


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_writes_json_lines_with_paths_but_no_query_or_client(tmp_path: Path) -> None:
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "test-secret-key-0123456789",
        "LOG_FORMAT": "json",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"{base}/healthz") == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.1)
        assert get(f"{base}/readyz?phone=%2B79161234567") == 200
        assert get(f"{base}/metrics") == 200
        assert get(f"{base}/chat/files/{'t' * 60}") in (403, 404)
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)

    lines = [line for line in (out + err).splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    requests = [e for e in entries if e["logger"] == "uvicorn.access"]
    readyz = next(e for e in requests if e["path"] == "/readyz")
    assert (readyz["method"], readyz["status_code"]) == ("GET", 200)
    assert any(e["path"] == "/chat/files/…" for e in requests)
    assert all(e["message"] == "request" and "client" not in e for e in requests)
    assert "79161234567" not in out + err and "t" * 60 not in out + err
    assert any(
        e["logger"] == "uvicorn.error" and "Application startup" in e["message"] for e in entries
    )
