"""Build hook: the message catalogs of `locales/` go into the wheel as `backend/locales/`.

The catalogs stay at the top of the repository (translators and `locales/update_catalogs.py`
work there); an installed package finds them beside its modules instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGS = Path(__file__).resolve().parent / "locales"


class BuildWithCatalogs(build_py):
    """`build_py` that also copies `locales/*/LC_MESSAGES/*.po` into the built package."""

    def run(self) -> None:
        """Build the packages, then add the catalogs (an editable install reads them in place)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source in sorted(CATALOGS.glob("*/LC_MESSAGES/*.po")):
            target = Path(self.build_lib, "backend", "locales", source.relative_to(CATALOGS))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithCatalogs})
