"""The administration over HTTP: accounts, CSV upload with its report, transport, replies, audit."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from backend.catalog.models import Unit
from backend.staff.audit import AuditEntry
from backend.staff.canned import replies_for
from backend.staff.models import Role, StaffUser
from backend.transport.models import DropoffPoint, PickupSlot
from tests.support.clock import TODAY, days
from tests.support.console import client_for, make_staff, page_csrf, sign_in

UNITS_CSV = (
    "serial,model_code,sold_on,seller,extended_warranty_months,manufactured_on,price\n"
    "ADM-0001,WM-700,2026-10-01,Shop A,0,,45990\n"
    "ADM-0002,NO-SUCH-MODEL,2026-10-01,Shop A,0,,100\n"
    "ADM-0003,WM-700,not-a-date,Shop A,0,,100\n"
)


async def _admin(client: httpx.AsyncClient, sessions) -> str:
    """Sign `client` in as a new admin; the page's CSRF token."""
    await make_staff(sessions, "root", Role.ADMIN)
    await sign_in(client, "root", "root-password-1")
    return page_csrf((await client.get("/staff/admin")).text)


async def _audit(sessions) -> list[AuditEntry]:
    async with sessions() as session:
        return list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


async def test_an_admin_creates_renames_resets_and_disables_an_account(console) -> None:
    app, sessions = console
    async with client_for(console[0]) as client:
        token = await _admin(client, console[1])
        created = await client.post(
            "/staff/admin/staff",
            data={"csrf": token, "login": "Nina", "display_name": "Nina K.", "role": "agent"},
        )
        password = re.search(r"<code>([^<]+)</code>", created.text)
        assert created.status_code == 200 and password, created.text
        async with sessions() as session:
            nina = await session.scalar(select(StaffUser).where(StaffUser.login == "nina"))
        assert nina is not None and nina.display_name == "Nina K." and nina.role is Role.AGENT
        async with client_for(app) as other:
            assert (await sign_in(other, "nina", password.group(1))).status_code == 303
        await client.post(
            f"/staff/admin/staff/{nina.id}",
            data={
                "csrf": token,
                "do": "save",
                "display_name": "Nina, service team",
                "role": "manager",
            },
        )
        reset = await client.post(
            f"/staff/admin/staff/{nina.id}", data={"csrf": token, "do": "password"}
        )
        new_password = re.search(r"<code>([^<]+)</code>", reset.text)
        assert new_password and new_password.group(1) != password.group(1)
        await client.post(f"/staff/admin/staff/{nina.id}", data={"csrf": token, "do": "disable"})
        async with client_for(app) as other:
            assert (await sign_in(other, "nina", new_password.group(1))).status_code == 401
        audit = await client.get("/staff/admin/audit")
    actions = [entry.action for entry in await _audit(sessions)]
    assert actions == ["staff.create", "staff.update", "staff.password_reset", "staff.disable"]
    assert "Account changed: nina" in audit.text
    assert "Display name: Nina K.; Role: Agent" in audit.text
    assert "Display name: Nina, service team; Role: Manager" in audit.text
    assert new_password.group(1) not in audit.text


async def test_an_admin_keeps_their_own_role_and_bad_input_gets_a_message(console) -> None:
    app, sessions = console
    async with client_for(app) as client:
        token = await _admin(client, sessions)
        async with sessions() as session:
            root = await session.scalar(select(StaffUser).where(StaffUser.login == "root"))
        assert root is not None
        refused = await client.post(
            f"/staff/admin/staff/{root.id}", data={"csrf": token, "do": "disable"}
        )
        page = await client.get(refused.headers["location"])
        assert "You can't disable your own account" in page.text
        demoted = await client.post(
            f"/staff/admin/staff/{root.id}",
            data={"csrf": token, "do": "save", "role": "agent", "display_name": "Root"},
        )
        assert demoted.headers["location"].endswith("msg=own_account")
        bad = await client.post(
            "/staff/admin/staff", data={"csrf": token, "login": "no spaces!", "role": "agent"}
        )
        page = await client.get(bad.headers["location"])
        assert "A login is 2–64 characters" in page.text
        forged = await client.post(
            "/staff/admin/staff", data={"csrf": "forged", "login": "eve", "role": "admin"}
        )
        assert forged.headers["location"].endswith("msg=expired")
        page = await client.get("/staff/admin/staff?lang=ru")
        assert "Администратор" in page.text
    async with sessions() as session:
        assert await session.scalar(select(StaffUser).where(StaffUser.login == "eve")) is None
    assert await _audit(sessions) == []


async def test_a_units_csv_with_bad_rows_is_imported_and_reported_line_by_line(console) -> None:
    _, sessions = console
    async with client_for(console[0]) as client:
        token = await _admin(client, console[1])
        report = await client.post(
            "/staff/admin/catalog/units",
            data={"csrf": token},
            files={"file": ("units.csv", UNITS_CSV.encode(), "text/csv")},
        )
        wrong = await client.post(
            "/staff/admin/catalog/products",
            data={"csrf": token},
            files={"file": ("units.csv", UNITS_CSV.encode(), "text/csv")},
        )
        latin1 = await client.post(
            "/staff/admin/catalog/units",
            data={"csrf": token},
            files={"file": ("u.csv", "serial\nÄ".encode("latin-1"), "text/csv")},
        )
    assert report.status_code == 200
    assert "1 created, 0 updated, 0 unchanged, 2 rejected" in report.text
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td></tr>", report.text)
    assert [line for line, _ in rows] == ["3", "4"]
    assert "unknown model NO-SUCH-MODEL" in rows[0][1]
    assert wrong.status_code == 400 and "header is missing column(s)" in wrong.text
    assert latin1.status_code == 400 and "not UTF-8" in latin1.text
    async with sessions() as session:
        serials = set(await session.scalars(select(Unit.serial).where(Unit.serial.like("ADM-%"))))
    assert serials == {"ADM-0001"}
    [entry] = await _audit(sessions)
    assert entry.action == "catalog.units" and entry.after["rejected"] == 2


async def test_slots_and_drop_off_points(console) -> None:
    _, sessions = console
    day = days(30).isoformat()
    async with client_for(console[0]) as client:
        token = await _admin(client, console[1])
        await client.post(
            "/staff/admin/transport/slots",
            data={"csrf": token, "day": day, "window": "10:00–14:00", "capacity": "4"},
        )
        again = await client.post(
            "/staff/admin/transport/slots",
            data={"csrf": token, "day": day, "window": "10:00-14:00", "capacity": "4"},
        )
        assert again.headers["location"].endswith("msg=slot_exists")
        async with sessions() as session:
            slot = await session.scalar(
                select(PickupSlot).where(
                    PickupSlot.day == days(30), PickupSlot.window == "10:00-14:00"
                )
            )
            assert slot is not None and slot.capacity == 4
            slot.booked = 2
            await session.commit()
        below = await client.post(
            f"/staff/admin/transport/slots/{slot.id}", data={"csrf": token, "capacity": "1"}
        )
        page = await client.get(below.headers["location"])
        assert "can't be below the pickups already booked" in page.text
        await client.post(
            f"/staff/admin/transport/slots/{slot.id}", data={"csrf": token, "capacity": "6"}
        )
        await client.post(
            "/staff/admin/transport/points",
            data={
                "csrf": token,
                "name": "Service centre East",
                "address": "1 Dawn Ave",
                "hours": "",
            },
        )
        async with sessions() as session:
            point = await session.scalar(
                select(DropoffPoint).where(DropoffPoint.name == "Service centre East")
            )
        assert point is not None and point.active
        await client.post(
            f"/staff/admin/transport/points/{point.id}",
            data={"csrf": token, "name": point.name, "address": "2 Dawn Ave", "hours": "9-18"},
        )
        page = await client.get("/staff/admin/transport")
    async with sessions() as session:
        assert (await session.get(PickupSlot, slot.id)).capacity == 6
        stored = await session.get(DropoffPoint, point.id)
    assert stored is not None and stored.address == "2 Dawn Ave" and not stored.active
    assert TODAY.isoformat() in page.text
    assert [e.action for e in await _audit(sessions)] == [
        "slot.create",
        "slot.update",
        "dropoff.create",
        "dropoff.update",
    ]


async def test_canned_replies_per_language_reach_the_reply_form(console) -> None:
    _, sessions = console
    async with client_for(console[0]) as client:
        token = await _admin(client, console[1])
        await client.post(
            "/staff/admin/canned",
            data={
                "csrf": token,
                "locale": "ko",
                "title": "인사",
                "text": "안녕하세요! 무엇을 도와드릴까요?",
            },
        )
        bad = await client.post(
            "/staff/admin/canned", data={"csrf": token, "locale": "xx", "title": "t", "text": "x"}
        )
        assert bad.headers["location"].endswith("msg=canned_invalid")
    async with sessions() as session:
        assert await replies_for(session, "ko") == [("인사", "안녕하세요! 무엇을 도와드릴까요?")]
        russian = await replies_for(session, "ru")
    assert len(russian) == 5 and all(text != title or len(text) <= 40 for title, text in russian)
    assert any("Здравствуйте" in text for _, text in russian)
