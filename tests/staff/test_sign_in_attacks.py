"""Sign-in and sessions attacked from outside: lock-outs, enumeration, replayed cookies."""

from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import select, update

from backend.clock import ManualClock
from backend.staff.models import Role, StaffSession, StaffUser
from backend.staff.service import set_active, set_password
from backend.web.state import app_state
from tests.staff.test_console import client_for, page_csrf, sign_in
from tests.support.clock import NOW
from tests.support.console import make_staff


def _refusal(html: str) -> str:
    """The visible answer of a sign-in page, without its per-request token."""
    return re.sub(r'value="[^"]*"', "", html)


async def test_an_attacker_cannot_lock_the_owner_out(console) -> None:
    app, sessions = console
    await make_staff(sessions, "owner", Role.ADMIN)
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        async with client_for(app, address) as attacker:
            for _ in range(2):
                assert (await sign_in(attacker, "owner", "guess")).status_code == 401
    async with sessions() as session:
        owner = await session.scalar(select(StaffUser).where(StaffUser.login == "owner"))
        assert owner is not None and owner.locked_until is not None
    async with client_for(app, "203.0.113.1") as attacker:
        # Even the right password is refused to a client that has been guessing.
        assert (await sign_in(attacker, "owner", "owner-password-1")).status_code == 401
    async with client_for(app, "198.51.100.7") as owner_browser:
        signed_in = await sign_in(owner_browser, "owner", "owner-password-1")
        assert signed_in.status_code == 303
        assert (await owner_browser.get("/staff")).status_code == 200


async def test_one_client_guessing_is_made_to_wait(console) -> None:
    app, sessions = console
    await make_staff(sessions, "fay")
    # Time stands still for the sign-in page, so the wait is never over by the next attempt.
    app_state(app).runtime.clock = ManualClock(NOW)
    async with client_for(app, "203.0.113.50") as attacker:
        for _ in range(3):
            assert (await sign_in(attacker, "fay", "guess")).status_code == 401
        for password in ("guess", "fay-password-1"):
            waiting = await sign_in(attacker, "fay", password)
            assert waiting.status_code == 429
            assert "Please wait a minute" in waiting.text


async def test_unknown_login_wrong_password_and_lock_look_the_same(console) -> None:
    app, sessions = console
    await make_staff(sessions, "gus")
    answers = []
    async with client_for(app, "203.0.113.60") as client:
        answers.append(await sign_in(client, "nobody-here", "guess"))
        answers.append(await sign_in(client, "gus", "guess"))
    async with sessions() as session:
        await session.execute(
            update(StaffUser)
            .where(StaffUser.login == "gus")
            .values(locked_until=datetime(2999, 1, 1, tzinfo=UTC))
        )
        await session.commit()
    async with client_for(app, "203.0.113.61") as client:
        for _ in range(2):
            await sign_in(client, "gus", "guess")
        answers.append(await sign_in(client, "gus", "gus-password-1"))
    assert {a.status_code for a in answers} == {401}
    assert len({_refusal(a.text) for a in answers}) == 1
    assert "Wrong login or password." in answers[0].text


async def test_unknown_and_known_logins_take_about_the_same_time(console) -> None:
    app, sessions = console
    await make_staff(sessions, "hal")
    timings: dict[str, list[float]] = {"nobody-at-all": [], "hal": []}
    for attempt in range(20):
        for login, durations in timings.items():
            async with client_for(app, f"10.{attempt}.{len(login)}.1") as client:
                form = await client.get("/staff/login")
                data = {"login": login, "password": "guess", "csrf": page_csrf(form.text)}
                started = time.perf_counter()
                answer = await client.post("/staff/login", data=data)
                durations.append(time.perf_counter() - started)
                assert answer.status_code == 401
    unknown, known = (statistics.median(d) for d in timings.values())
    assert max(unknown, known) / min(unknown, known) < 2, (unknown, known)


async def _signed_in(app, sessions, login: str):  # type: ignore[no-untyped-def]
    client = client_for(app, "192.0.2.10")
    assert (await sign_in(client, login, f"{login}-password-1")).status_code == 303
    assert (await client.get("/staff")).status_code == 200
    return client


async def test_a_cookie_replayed_after_sign_out_gets_the_login_page(console) -> None:
    app, sessions = console
    await make_staff(sessions, "ida")
    client = await _signed_in(app, sessions, "ida")
    saved = client.cookies["wi_staff"]
    queue = await client.get("/staff")
    await client.post("/staff/logout", data={"csrf": page_csrf(queue.text)})
    async with client_for(app, "198.18.0.1") as replay:
        replay.cookies.set("wi_staff", saved)
        answer = await replay.get("/staff")
        assert answer.status_code == 303 and answer.headers["location"].startswith("/staff/login")
    await client.aclose()


async def test_password_change_and_disabling_end_sessions_at_once(console) -> None:
    app, sessions = console
    for login in ("jan", "kim"):
        await make_staff(sessions, login)
    jan, kim = await _signed_in(app, sessions, "jan"), await _signed_in(app, sessions, "kim")
    async with sessions() as session:
        users = {u.login: u for u in await session.scalars(select(StaffUser))}
        await set_password(session, users["jan"], "a-brand-new-password")
        await set_active(session, users["kim"], False)
        await session.commit()
    for client in (jan, kim):
        assert (await client.get("/staff")).status_code == 303
        await client.aclose()


async def test_idle_and_absolute_time_outs_end_sessions(console) -> None:
    app, sessions = console
    await make_staff(sessions, "lou")
    for column, age in (("seen_at", timedelta(minutes=31)), ("created_at", timedelta(hours=13))):
        client = await _signed_in(app, sessions, "lou")
        async with sessions() as session:
            row = (await session.scalars(select(StaffSession))).one()
            setattr(row, column, getattr(row, column) - age)
            await session.commit()
        assert (await client.get("/staff")).status_code == 303
        async with sessions() as session:
            assert list(await session.scalars(select(StaffSession))) == []
        await client.aclose()


async def _sign_in_with_code(client, login: str, password: str, code: str):  # type: ignore[no-untyped-def]
    form = await client.get("/staff/login")
    data = {"login": login, "password": password, "csrf": page_csrf(form.text), "code": code}
    return await client.post("/staff/login", data=data)


async def test_a_one_time_code_is_needed_once_it_is_set_up(console) -> None:
    app, sessions = console
    await make_staff(sessions, "max")
    secret = pyotp.random_base32()
    async with sessions() as session:
        user = await session.scalar(select(StaffUser).where(StaffUser.login == "max"))
        assert user is not None
        user.totp_secret = secret
        await session.commit()
    async with client_for(app, "192.0.2.70") as client:
        assert (await sign_in(client, "max", "max-password-1")).status_code == 401
        wrong = await _sign_in_with_code(client, "max", "max-password-1", "000000")
        assert wrong.status_code == 401 and "Wrong login or password." in wrong.text
    async with client_for(app, "192.0.2.71") as client:
        code = pyotp.TOTP(secret).at(app_state(app).clock.now())
        assert (await _sign_in_with_code(client, "max", "max-password-1", code)).status_code == 303


async def test_admins_need_a_code_when_the_operator_requires_it(console) -> None:
    app, sessions = console
    await make_staff(sessions, "nia", Role.ADMIN)
    await make_staff(sessions, "ole", Role.AGENT)
    app_state(app).settings.admin_totp_required = True
    async with client_for(app, "192.0.2.72") as client:
        refused = await sign_in(client, "nia", "nia-password-1")
        assert refused.status_code == 403 and "one-time code" in refused.text
        assert (await client.get("/staff")).status_code == 303
        assert (await sign_in(client, "ole", "ole-password-1")).status_code == 303
