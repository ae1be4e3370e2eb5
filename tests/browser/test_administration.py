"""An administrator uploads the sales registry and reads the report; an agent is kept out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.test_staff_console import sign_in

pytestmark = pytest.mark.browser
UNITS = (
    "serial,model_code,sold_on,seller,extended_warranty_months,manufactured_on,price\n"
    "BRW-0001,WM-700,2026-10-01,Shop B,0,,45990\n"
    "BRW-0002,WM-700,2026-13-45,Shop B,0,,45990\n"
    "BRW-0003,KT-1,2026-10-02,Shop B,0,,2990\n"
)


def test_an_admin_uploads_units_with_a_bad_row_and_reads_the_report(
    new_page: Any, tmp_path: Path, shot: Any
) -> None:
    upload = tmp_path / "units.csv"
    upload.write_text(UNITS, encoding="utf-8")
    page = new_page("/staff/login")
    sign_in(page, "admin", "admin-demo")
    page.click("text=Administration")
    page.click("text=Catalog and sales registry")
    page.set_input_files("#file-units", str(upload))
    page.click("#upload-units")
    report = page.locator("#import-report")
    report.wait_for()
    assert page.locator("#report-counts").inner_text() == (
        "2 created, 0 updated, 0 unchanged, 1 rejected"
    )
    rows = page.locator("#rejected-lines tbody tr").all_inner_texts()
    assert len(rows) == 1 and rows[0].startswith("3\t") and "sold_on" in rows[0]
    shot(page, "import-report")
    assert_accessible(page)
    page.goto("/staff/admin/audit")
    assert "Sales registry imported" in page.locator("#audit tbody tr").first.inner_text()


def test_an_agent_gets_403_on_every_admin_page(new_page: Any) -> None:
    page = new_page("/staff/login")
    sign_in(page, "agent", "agent-demo")
    assert page.locator("nav a", has_text="Administration").count() == 0
    for path in ("", "/staff", "/catalog", "/transport", "/canned", "/audit"):
        response = page.goto(f"/staff/admin{path}")
        assert response is not None and response.status == 403, path
        assert page.locator("#upload-units").count() == 0


def test_take_next_comes_before_sign_out_from_the_keyboard(new_page: Any) -> None:
    page = new_page("/staff/login")
    sign_in(page, "agent", "agent-demo")
    order: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.id || document.activeElement.innerText")
        order.append(str(label).strip())
        if label == "Sign out":
            break
    assert "take-next" in order and "Sign out" in order
    assert order.index("take-next") < order.index("Sign out")
