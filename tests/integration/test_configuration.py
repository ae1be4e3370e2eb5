"""Misconfiguration as an operator meets it: every command stops with exit code 2 and one line
that names the variable and the fix, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests.integration.test_cli import DEMO, ROOT, run
from tests.support.database import postgres_url

# Every command that opens the database, with the arguments it needs to get that far.
COMMANDS = [
    ("serve", "--port", "8765"),
    ("demo", "--no-serve"),
    ("bot",),
    ("chat",),
    ("staff", "add", "olga"),
    ("api-key", "create", "Site form"),
    ("warranty", "WM700-FRESH"),
    ("import-products", str(DEMO / "products.csv")),
    ("import-units", str(DEMO / "units.csv")),
    ("db", "upgrade"),
    ("db", "current"),
]
STATS_BOUNDS = [
    ("STATS_WARNING_WINDOW_DAYS", "6"),
    ("STATS_WARNING_WINDOW_DAYS", "181"),
    ("STATS_WARNING_HISTORY_DAYS", "29"),
    ("STATS_WARNING_HISTORY_DAYS", "731"),
    ("STATS_WARNING_RATIO", "1.0"),
    ("STATS_WARNING_RATIO", "20.5"),
    ("STATS_WARNING_MIN_CLAIMS", "0"),
    ("STATS_WARNING_MIN_RATE", "-1"),
    ("STATS_WARNING_MIN_RATE", "many"),
]


def refused(result: subprocess.CompletedProcess[str], variable: str) -> str:
    """Assert the one-line refusal naming `variable`; return the line."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_unreachable_server_stops_every_command(tmp_path: Path, command: tuple[str, ...]) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1:1/warranty"
    token = "123456:test-token"  # so that `bot` gets as far as the database
    line = refused(
        run(tmp_path, *command, DATABASE_URL=url, TELEGRAM_BOT_TOKEN=token), "DATABASE_URL"
    )
    assert "cannot reach the database server at 127.0.0.1:1" in line


@pytest.mark.postgres
@pytest.mark.parametrize("command", [("db", "upgrade"), ("warranty", "X-1"), ("serve",)])
def test_missing_database_is_named(tmp_path: Path, command: tuple[str, ...]) -> None:
    url = make_url(postgres_url()).set(database="no_such_warranty_db")
    line = refused(
        run(tmp_path, *command, DATABASE_URL=url.render_as_string(False)), "DATABASE_URL"
    )
    assert 'database "no_such_warranty_db" does not exist' in line
    assert "createdb no_such_warranty_db" in line


@pytest.mark.postgres
def test_unmigrated_database_asks_for_db_upgrade(
    tmp_path: Path, own_postgres_database: str
) -> None:
    empty_postgres = own_postgres_database
    for command in (("warranty", "X-1"), ("serve",), ("demo", "--no-serve")):
        line = refused(run(tmp_path, *command, DATABASE_URL=empty_postgres), "DATABASE_URL")
        assert "run warranty-intake db upgrade" in line
    assert run(tmp_path, "db", "current", DATABASE_URL=empty_postgres).stdout == "empty database\n"
    assert run(tmp_path, "db", "upgrade", DATABASE_URL=empty_postgres).returncode == 0
    unknown = run(tmp_path, "warranty", "X-1", DATABASE_URL=empty_postgres)
    assert unknown.returncode == 1 and "not in the sales registry" in unknown.stderr


def test_missing_driver_names_the_extra(tmp_path: Path) -> None:
    # The test venv has asyncpg; the child process forgets it, as a Quickstart install would.
    program = (
        "import sys; sys.modules['asyncpg'] = None; sys.argv = ['warranty-intake', 'db', 'upgrade']"
        "; from backend.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1/warranty"},
        timeout=120,
    )
    line = refused(result, "DATABASE_URL")
    assert 'pip install "warranty-intake[postgres]"' in line


def read_only_folder(tmp_path: Path) -> Path:
    """A folder this process cannot write in (permissions do not stop root; /proc does)."""
    if os.geteuid() == 0:
        return Path("/proc")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.mark.parametrize("command", [("db", "upgrade"), ("warranty", "X-1"), ("serve",)])
def test_unwritable_sqlite_path_is_named(tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = f"sqlite+aiosqlite:///{tmp_path / 'no-such-folder' / 'warranty.db'}"
    line = refused(run(tmp_path, *command, DATABASE_URL=missing), "DATABASE_URL")
    assert "no-such-folder" in line and "does not exist" in line
    read_only = f"sqlite+aiosqlite:///{read_only_folder(tmp_path) / 'warranty.db'}"
    line = refused(run(tmp_path, *command, DATABASE_URL=read_only), "DATABASE_URL")
    assert "cannot write the SQLite file" in line


@pytest.mark.parametrize("command", [("demo", "--no-serve"), ("chat",), ("serve",)])
def test_unwritable_media_dir_is_named(tmp_path: Path, command: tuple[str, ...]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = refused(run(tmp_path, *command, MEDIA_DIR=str(blocker / "media")), "MEDIA_DIR")
    assert "cannot write to" in line
    media = str(read_only_folder(tmp_path) / "media")
    refused(run(tmp_path, *command, MEDIA_DIR=media), "MEDIA_DIR")


@pytest.mark.parametrize(("variable", "value"), STATS_BOUNDS)
def test_every_stats_warning_bound_stops_the_start(
    tmp_path: Path, variable: str, value: str
) -> None:
    line = refused(run(tmp_path, "serve", **{variable: value}), variable)
    assert repr(value) in line


def test_dotenv_file_counts_like_the_environment(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("STATS_WARNING_WINDOW_DAYS=3\n")
    line = refused(run(tmp_path, "db", "current"), "STATS_WARNING_WINDOW_DAYS")
    assert "greater than or equal to 7" in line
    (tmp_path / ".env").write_text("JURISDICTION=kr\nDEFAULT_LOCALE=KO\n")
    assert run(tmp_path, "demo", "--no-serve").returncode == 0
    answer = run(tmp_path, "warranty", "WM700-FRESH")
    assert answer.returncode == 0, answer.stderr
    assert "상태: 보증 기간 내" in answer.stdout
    assert "「소비자분쟁해결기준」 별표" in answer.stdout  # the citation in the answer's language
    assert "Consumer Dispute Resolution Standards" not in answer.stdout


def test_pdf_font_from_dotenv_reaches_the_pdf_writer(tmp_path: Path) -> None:
    font = ROOT / "backend" / "documents" / "fonts" / "DejaVuSans.ttf"
    (tmp_path / ".env").write_text(f"PDF_CJK_FONT={font}\n")
    program = "from backend.documents.pdf import cjk_font; print(cjk_font())"
    environment = {k: v for k, v in os.environ.items() if k != "PDF_CJK_FONT"}
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.stdout.strip() == str(font), result.stderr


def test_enumerations_ignore_case_and_wrong_values_name_the_choices(tmp_path: Path) -> None:
    assert run(tmp_path, "demo", "--no-serve").returncode == 0
    answer = run(tmp_path, "warranty", "WM700-FRESH", JURISDICTION="eu", DEFAULT_LOCALE="Ru")
    assert answer.returncode == 0, answer.stderr
    assert "Статус" in answer.stdout and "2019/771" in answer.stdout
    line = refused(run(tmp_path, "db", "current", JURISDICTION="us"), "JURISDICTION")
    assert "'RU', 'EU' or 'KR'" in line


@pytest.mark.parametrize("command", [("warranty", "WM700-FRESH"), ("chat",)])
def test_unknown_language_is_refused_with_the_list(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    result = run(tmp_path, *command, "--lang", "fr")
    assert result.returncode == 2
    assert "unknown language 'fr': use en, ru, ko" in result.stderr
    assert not (tmp_path / "cli.db").exists()


def test_bot_without_token_says_where_to_get_one(tmp_path: Path) -> None:
    line = refused(run(tmp_path, "bot", TELEGRAM_BOT_TOKEN=""), "TELEGRAM_BOT_TOKEN")
    assert "@BotFather" in line


async def test_a_server_that_never_answers_is_named_within_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A firewall that drops packets (here: a listener that never speaks) does not hold the start
    for the driver's minute-long time-out."""
    import asyncio

    from backend import preflight
    from backend.config import SettingsError
    from backend.db.session import make_engine

    silent: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        silent.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    monkeypatch.setattr(preflight, "CONNECT_TIMEOUT_S", 0.5)
    engine = make_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/warranty")
    try:
        with pytest.raises(SettingsError) as refusal:
            await preflight.check_connection(engine)
    finally:
        await engine.dispose()
        for writer in silent:
            writer.close()
        server.close()
    message = str(refusal.value)
    assert message.startswith("DATABASE_URL: no answer from the database server at 127.0.0.1:")
    assert "\n" not in message
