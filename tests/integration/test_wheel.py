"""The built wheel, installed as a user would: it speaks Russian and Korean from any folder.

The wheel is installed without dependencies into a fresh venv; the dependencies come from this
test venv's site-packages through a `.pth` line (which adds the folder but runs none of its own
`.pth` files, so this checkout's editable install cannot leak in: the test checks that).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from backend.cli.chat import HELP
from backend.i18n import gettext_for

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    *("backend", "dialogs", "bot", "locales"),
    *("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"),
)
PURELIB = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
BUILD_TIMEOUT = 300
RUN_TIMEOUT = 120


def _copy_sources(target: Path) -> Path:
    """The files a build needs, copied so the build leaves nothing in the checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the freshly built wheel installed; returns the venv folder."""
    base = tmp_path_factory.mktemp("wheel")
    sources = _copy_sources(base / "src")
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(sources), "-w", str(dist)],
        check=True,
        timeout=BUILD_TIMEOUT,
        capture_output=True,
    )
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    wheel = next(dist.glob("warranty_intake-*.whl"))
    pip = [sys.executable, "-m", "pip", "--python", str(_python(venv))]
    subprocess.run(
        [*pip, "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=BUILD_TIMEOUT,
        capture_output=True,
    )
    purelib = subprocess.run(
        [_python(venv), "-c", PURELIB],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def run(venv: Path, folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run a program of the venv in `folder` with an environment that knows nothing else."""
    environment = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(folder),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [str(venv / "bin" / args[0]), *args[1:]],
        cwd=folder,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=RUN_TIMEOUT,
    )


def test_every_file_of_the_packages_is_installed(installed: Path) -> None:
    purelib = run(installed, installed, "python", "-c", PURELIB).stdout.strip()
    for package in ("backend", "dialogs", "bot"):
        for source in (ROOT / package).rglob("*"):
            if source.is_file() and "__pycache__" not in source.parts:
                relative = source.relative_to(ROOT)
                assert Path(purelib, relative).is_file(), f"{relative} is not in the wheel"


def test_installed_command_answers_in_korean_and_russian(installed: Path, tmp_path: Path) -> None:
    where = run(
        installed,
        tmp_path,
        "python",
        "-c",
        "import backend, backend.i18n as i; print(backend.__file__); print(i.locales_dir())",
    )
    module, catalogs = where.stdout.split()
    assert Path(module).is_relative_to(installed), module
    assert Path(catalogs).is_relative_to(installed), catalogs

    seeded = run(installed, tmp_path, "warranty-intake", "demo", "--no-serve")
    assert seeded.returncode == 0, seeded.stderr
    korean = run(installed, tmp_path, "warranty-intake", "warranty", "WM700-FRESH", "--lang", "ko")
    assert korean.returncode == 0, korean.stderr
    assert "상태: 보증 기간 내" in korean.stdout
    russian = run(installed, tmp_path, "warranty-intake", "warranty", "WM700-FRESH", "--lang", "ru")
    assert "Статус" in russian.stdout

    chat = run(installed, tmp_path, "warranty-intake", "chat", "--lang", "ru", stdin="/quit\n")
    assert chat.returncode == 0, chat.stderr
    assert gettext_for("ru", HELP) in chat.stdout
    assert gettext_for("ru", HELP) != HELP
