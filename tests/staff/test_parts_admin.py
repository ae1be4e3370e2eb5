"""The parts catalog and suppliers in the administration: CSV upload with its report, the lists."""

from __future__ import annotations

import re

from sqlalchemy import select

from backend.parts.models import Part, Supplier
from backend.staff.audit import AuditEntry
from backend.staff.models import Role
from tests.support.console import client_for, make_staff, page_csrf, sign_in
from tests.support.parts import product_id

SUPPLIERS_CSV = (
    "name,contact,email\n"
    "Acme Motors,Olga Ivanova,claims@acme.example\n"
    "Broken Mail Ltd,Someone,not-an-address\n"
)
PARTS_CSV = (
    "model_code;part_number;name;component;cost;stock;supplier\n"
    "VC-20;VC20-FL02;HEPA filter;Filter;1 290,50;4;Acme Motors\n"
    "VC-20;VC20-MT01;Motor;Motor;4100;2;Acme Motors\n"
    "NO-SUCH;X-1;Thing;Thing;1;1;\n"
    "VC-20;VC20-BR03;Brush;Brush;-5;1;\n"
    "VC-20;VC20-HS04;Hose;Hose;300;1;Nobody Inc\n"
)


async def test_suppliers_and_parts_are_uploaded_with_a_line_by_line_report(console) -> None:
    app, sessions = console
    await make_staff(sessions, "root", Role.ADMIN)
    async with client_for(app) as client:
        await sign_in(client, "root", "root-password-1")
        token = page_csrf((await client.get("/staff/admin/parts")).text)
        suppliers = await client.post(
            "/staff/admin/parts/suppliers",
            data={"csrf": token},
            files={"file": ("suppliers.csv", SUPPLIERS_CSV.encode(), "text/csv")},
        )
        parts = await client.post(
            "/staff/admin/parts/parts",
            data={"csrf": token},
            files={"file": ("parts.csv", ("\ufeff" + PARTS_CSV).encode(), "text/csv")},
        )
        listing = await client.get("/staff/admin/parts?lang=ru")
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in suppliers.text
    assert "not-an-address" in suppliers.text
    # The demo's VC-20 motor is updated (new cost and supplier); the filter is new.
    assert "1 created, 1 updated, 0 unchanged, 3 rejected" in parts.text
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td></tr>", parts.text)
    assert [line for line, _ in rows] == ["4", "5", "6"]
    assert "unknown model NO-SUCH" in rows[0][1] and "cost" in rows[1][1]
    assert "unknown supplier Nobody Inc" in rows[2][1]
    assert "HEPA filter" in listing.text and "1290.50" in listing.text
    vacuum = await product_id(sessions, "VC-20")
    async with sessions() as session:
        acme = await session.scalar(select(Supplier).where(Supplier.name == "Acme Motors"))
        motor = await session.scalar(
            select(Part).where(Part.product_id == vacuum, Part.part_number == "VC20-MT01")
        )
        actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert acme is not None and motor is not None
    assert motor.supplier_id == acme.id and str(motor.cost) == "4100.00"
    assert actions == ["parts.suppliers", "parts.parts"]
