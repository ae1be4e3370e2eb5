"""The command line as an operator uses it: a fresh SQLite database in a temporary folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "backend" / "demo"


def run(
    tmp_path: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "test-secret-key-0123456789",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "backend", *args],
        cwd=tmp_path,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("db", "import-products", "import-units", "warranty", "demo", "chat"):
        assert command in result.stdout
    assert run(tmp_path, "import-units", "--help").returncode == 0


def test_imports_are_idempotent_and_report_bad_rows(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    first = run(tmp_path, "import-products", str(DEMO / "products.csv"))
    assert first.returncode == 0 and "11 created" in first.stdout
    units = run(tmp_path, "import-units", str(DEMO / "units.csv"))
    assert "22 created" in units.stdout
    again = run(tmp_path, "import-units", str(DEMO / "units.csv"))
    assert "0 created, 0 updated, 22 unchanged" in again.stdout
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "serial,model_code,sold_on,seller,extended_warranty_months\n"
        "OK-0001,KT-1,2026-01-01,Shop,0\nBAD,NOPE,2026-01-01,Shop,0\n"
    )
    result = run(tmp_path, "import-units", str(broken))
    assert result.returncode == 1 and "line 3: model_code: unknown model NOPE" in result.stderr


def test_warranty_answer_with_rules_in_three_languages(tmp_path: Path) -> None:
    demo = run(tmp_path, "demo", "--no-serve", "--port", "8123")
    assert demo.returncode == 0
    for path in ("/", "/staff", "/docs"):
        assert f"http://127.0.0.1:8123{path}\n" in demo.stdout
    assert "manager / manager / manager-demo" in demo.stdout
    english = run(tmp_path, "warranty", "WM700-0002")
    assert english.returncode == 0
    assert "Status:" in english.stdout and "Law 2300-1 art." in english.stdout
    english_citation = re.compile(r"\b(Law|art\.|Directive|Company|Consumer|Standards)\b")
    for code in ("RU", "EU", "KR"):
        russian = run(tmp_path, "warranty", "WM700-0002", "--lang", "ru", "--jurisdiction", code)
        assert "Статус" in russian.stdout
        assert not english_citation.search(russian.stdout), russian.stdout
        korean = run(tmp_path, "warranty", "WM700-0002", "--lang", "ko", "--jurisdiction", code)
        assert "상태: 보증 기간 내" in korean.stdout
        assert not english_citation.search(korean.stdout), korean.stdout
    assert (
        "Закона РФ «О защите прав потребителей»"
        in run(tmp_path, "warranty", "WM700-0002", "--lang", "ru").stdout
    )
    assert "「소비자분쟁해결기준」 별표" in korean.stdout
    unknown = run(tmp_path, "warranty", "NO-SUCH-1")
    assert unknown.returncode == 1 and "not in the sales registry" in unknown.stderr


def test_warranty_json_on_another_day(tmp_path: Path) -> None:
    assert run(tmp_path, "demo", "--no-serve").returncode == 0
    answer = run(tmp_path, "warranty", "WM700-0002", "--json", "--today", "2040-01-01")
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert data["status"] == "expired" and data["remedies"] == []
    now = json.loads(run(tmp_path, "warranty", "WM700-0002", "--json", "--lang", "ru").stdout)
    assert now["status"] == "under_warranty"
    assert {"remedy", "due_on", "deadline_days", "rule"} <= set(now["remedies"][0])
    assert now["rules"][0]["article"].endswith("Закона РФ «О защите прав потребителей»")
    bad = run(tmp_path, "warranty", "WM700-0002", "--today", "tomorrow")
    assert bad.returncode == 2 and "--today" in bad.stderr


def test_wrong_setting_names_the_variable(tmp_path: Path) -> None:
    result = run(tmp_path, "warranty", "X", JURISDICTION="US")
    assert result.returncode == 2 and "JURISDICTION" in result.stderr
    result = run(tmp_path, "demo", "--no-serve", DATABASE_URL="mysql://nope")
    assert result.returncode == 2 and "DATABASE_URL" in result.stderr


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_terminal_chat_registers_a_claim(tmp_path: Path, lang: str) -> None:
    assert run(tmp_path, "demo", "--no-serve").returncode == 0
    script = (
        "\n".join(
            [
                "/claim",
                "KT1-0001",
                "1",
                "It does not switch on at all",
                "1",
                "+79161234567",
                "1",
                "1",
                "/quit",
            ]
        )
        + "\n"
    )
    result = run(tmp_path, "chat", "--user", "terminal-user", "--lang", lang, stdin=script)
    assert result.returncode == 0, result.stderr
    assert "WR-" in result.stdout


def test_staff_and_api_key_commands(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    created = run(tmp_path, "staff", "add", "Olga", "--role", "manager", "--name", "Olga K.")
    assert created.returncode == 0 and "Created olga (manager)" in created.stdout
    password = created.stdout.split("Password (shown once): ")[1].strip()
    assert len(password) >= 12
    again = run(tmp_path, "staff", "add", "olga")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad_role = run(tmp_path, "staff", "add", "pavel", "--role", "boss")
    assert bad_role.returncode == 2
    key = run(tmp_path, "api-key", "create", "Site form")
    assert key.returncode == 0
    plain = key.stdout.strip().splitlines()[-1]
    assert plain.startswith("wi_")
    prefix = plain.split("_")[1]
    assert run(tmp_path, "api-key", "revoke", prefix).returncode == 0
    assert run(tmp_path, "api-key", "revoke", "nope").returncode == 1


def test_staff_totp_prints_an_authenticator_link_once(tmp_path: Path) -> None:
    assert run(tmp_path, "staff", "add", "tess", "--role", "admin").returncode == 0
    made = run(tmp_path, "staff", "totp", "Tess")
    assert made.returncode == 0 and "otpauth://totp/" in made.stdout and "tess" in made.stdout
    assert run(tmp_path, "staff", "totp", "tess", "--off").returncode == 0
    missing = run(tmp_path, "staff", "totp", "nobody")
    assert missing.returncode == 1 and "No staff account 'nobody'" in missing.stderr


def test_staff_password_and_disable_end_the_account_s_sessions(tmp_path: Path) -> None:
    assert run(tmp_path, "staff", "add", "uma").returncode == 0
    changed = run(tmp_path, "staff", "password", "uma")
    assert changed.returncode == 0 and "Password (shown once): " in changed.stdout
    assert run(tmp_path, "staff", "disable", "uma").returncode == 0
    again = run(tmp_path, "staff", "disable", "uma", "--enable")
    assert again.returncode == 0 and "uma is enabled" in again.stdout
    assert run(tmp_path, "staff", "password", "nobody").returncode == 1
