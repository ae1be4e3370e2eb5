"""axe-core (vendored in tests/browser/vendor, test-only) run on a page: no violation allowed.

The script goes in through the DevTools protocol, so the page's Content-Security-Policy, which
refuses inline script, stays as strict as in production.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "vendor"
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


@cache
def _source() -> str:
    return (VENDOR / "axe.min.js").read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    """Every axe violation on the page as it is now (rule, impact, the first elements)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source() + "\n;0")
    return list(page.evaluate(RUN))


def assert_accessible(page: Any) -> None:
    """Fail with the list of violations when axe finds any."""
    found = violations(page)
    assert found == [], f"{page.url}: {found}"
