"""The loaner pool in the console: units kept, a unit issued once, acts in three languages."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from backend.claims.models import Claim, ClaimStatus
from backend.loaners.models import Loan, LoanerState, LoanerUnit, LoanStatus
from backend.staff.models import Role
from tests.support.console import client_for, make_staff, page_csrf, sign_in
from tests.support.loaners import (
    claim_loan,
    claim_with_loaner_request,
    issue,
    issue_form,
    loan_form,
    pdf_text,
)

INTERNAL = ("ru.loaner", "washing_machine", "issue-act", "loaner_issued", "in_service", "None")


async def _unit(sessions, serial: str) -> LoanerUnit:
    async with sessions() as session:
        unit = await session.scalar(select(LoanerUnit).where(LoanerUnit.serial == serial))
    assert unit is not None
    return unit


async def test_staff_keep_the_pool(console) -> None:
    app, sessions = console
    await make_staff(sessions, "root", Role.ADMIN)
    await make_staff(sessions, "anna")
    async with client_for(app) as admin, client_for(app) as agent:
        await sign_in(admin, "root", "root-password-1")
        await sign_in(agent, "anna", "anna-password-1")
        page = (await admin.get("/staff/loaners")).text
        new = {
            "serial": "LN-KT-01",
            "model": "Kettle K2",
            "category": "kettle",
            "location": "Shelf 4",
        }
        await admin.post("/staff/loaners", data={**new, "csrf": page_csrf(page)})
        twice = await admin.post("/staff/loaners", data={**new, "csrf": page_csrf(page)})
        refused = (await admin.get(twice.headers["location"])).text
        assert "already has a loaner unit with this serial number" in refused
        listed = (await agent.get("/staff/loaners?category=kettle")).text
        assert "LN-KT-01" in listed and "Kettle K2" in listed and "LN-WM-01" not in listed
        assert "Add a loaner unit" not in listed  # new units are an administrator's
        kettle = await _unit(sessions, "LN-KT-01")
        form = {"csrf": page_csrf(listed), "version": str(kettle.version), "location": "Lab"}
        await agent.post(f"/staff/loaners/{kettle.id}", data={**form, "state": "in_service"})
        stale = await agent.post(f"/staff/loaners/{kettle.id}", data={**form, "state": "retired"})
        assert (
            "was just issued or changed by someone else"
            in (await agent.get(stale.headers["location"])).text
        )
        by_hand = {**form, "version": str(kettle.version + 1), "state": "issued"}
        locked = await agent.post(f"/staff/loaners/{kettle.id}", data=by_hand)
        assert (
            "a unit is issued only from a claim"
            in (await agent.get(locked.headers["location"])).text
        )
        in_service = (await agent.get("/staff/loaners?state=in_service")).text
        assert "LN-KT-01" in in_service and "LN-WM-01" not in in_service
    kettle = await _unit(sessions, "LN-KT-01")
    assert kettle.state is LoanerState.IN_SERVICE and kettle.location == "Lab"


async def test_two_agents_cannot_issue_the_same_unit(console) -> None:
    app, sessions = console
    first = await claim_with_loaner_request(sessions, "first-customer")
    second = await claim_with_loaner_request(sessions, "second-customer")
    await make_staff(sessions, "anna")
    await make_staff(sessions, "boris")
    async with client_for(app) as anna, client_for(app) as boris:
        await sign_in(anna, "anna", "anna-password-1")
        await sign_in(boris, "boris", "boris-password-1")
        anna_page = (await anna.get(f"/staff/claims/{first.id}")).text
        boris_page = (await boris.get(f"/staff/claims/{second.id}")).text
        boris_again = (await boris.get(f"/staff/claims/{first.id}")).text
        issued = await issue(anna, first.id, issue_form(anna_page, "LN-WM-01"))
        assert "With the customer" in issued and "LN-WM-01" in issued
        refused = await issue(boris, second.id, issue_form(boris_page, "LN-WM-01"))
        assert "This loaner unit was just issued or changed by someone else" in refused
        late = await issue(boris, first.id, issue_form(boris_again, "LN-WM-02"))
        assert "Someone else has already handled this loaner" in late
    assert (await claim_loan(sessions, second.id)).status is LoanStatus.REQUESTED
    assert (await _unit(sessions, "LN-WM-02")).state is LoanerState.AVAILABLE
    loan = await claim_loan(sessions, first.id)
    assert loan.status is LoanStatus.ISSUED
    assert loan.unit_id == (await _unit(sessions, "LN-WM-01")).id


@pytest.mark.parametrize(
    ("lang", "title", "terms"),
    [
        ("en", "Loaner unit issue act", "Law 2300-1 art. 20 p.2"),
        ("ru", "Акт выдачи подменного товара", "ст. 20 Закона РФ"),
        ("ko", "대체품 제공 확인서", "제20조 제2항"),
    ],
)
async def test_the_acts_read_in_each_language(console, lang: str, title: str, terms: str) -> None:
    app, sessions = console
    claim = await claim_with_loaner_request(sessions, f"act-{lang}", locale=lang)
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        page = (await anna.get(f"/staff/claims/{claim.id}")).text
        page = await issue(anna, claim.id, issue_form(page, "LN-WM-01"))
        await anna.post(
            f"/staff/claims/{claim.id}/loaner/sign", data=loan_form(page, signed_by="Ivan Petrov")
        )
        page = (await anna.get(f"/staff/claims/{claim.id}")).text
        condition = {"condition": "Scratch on the lid"}
        await anna.post(
            f"/staff/claims/{claim.id}/loaner/return", data=loan_form(page, **condition)
        )
        loan = await claim_loan(sessions, claim.id)
        texts = {}
        for kind in ("issue-act", "return-act"):
            shown = await anna.get(f"/staff/loans/{loan.id}/{kind}")
            assert shown.headers["content-language"] == lang  # the customer's language
            texts[kind] = html.unescape(shown.text)
            pdf = await anna.get(f"/staff/loans/{loan.id}/{kind}.pdf")
            texts[f"{kind}.pdf"] = pdf_text(pdf.content)
    for kind, text in texts.items():
        assert "LN-WM-01" in text and "Aqua 500" in text, kind
        assert terms in " ".join(text.split()), kind
        assert not [code for code in INTERNAL if code in text], (kind, text)
    assert title in " ".join(texts["issue-act.pdf"].split())
    assert "Ivan Petrov" in texts["issue-act"] and "Ivan Petrov" in texts["issue-act.pdf"]
    assert "Scratch on the lid" in texts["return-act"]
    assert "Scratch on the lid" in texts["return-act.pdf"]


async def test_a_loaner_the_company_lends_on_its_own_terms_says_so(console) -> None:
    app, sessions = console
    claim = await claim_with_loaner_request(sessions, "seoul-customer", locale="ko")
    requested = await claim_loan(sessions, claim.id)
    async with sessions() as session:
        stored = await session.get(Claim, claim.id)
        loan = await session.get(Loan, requested.id)
        assert stored is not None and loan is not None
        stored.jurisdiction, loan.rule_id = "KR", "kr.loaner_policy"
        await session.commit()
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        page = html.unescape((await anna.get(f"/staff/claims/{claim.id}")).text)
    assert "Deadline (company policy)" in page and "Company policy (not statutory)" in page
    assert "Statutory deadline" not in page.split('id="loaner-deadline"')[1].split("</p>")[0]


async def test_no_loaner_is_issued_once_the_work_is_over(console) -> None:
    app, sessions = console
    claim = await claim_with_loaner_request(sessions, "late-customer")
    await make_staff(sessions, "anna")
    async with client_for(app) as anna:
        await sign_in(anna, "anna", "anna-password-1")
        page = (await anna.get(f"/staff/claims/{claim.id}")).text
        async with sessions() as session:
            stored = await session.get(Claim, claim.id)
            assert stored is not None
            stored.status = ClaimStatus.READY
            await session.commit()
        refused = await issue(anna, claim.id, issue_form(page, "LN-WM-01"))
    assert "The work on this claim is over" in refused and "Issue the loaner unit" not in refused
    assert (await claim_loan(sessions, claim.id)).status is LoanStatus.REQUESTED
    assert (await _unit(sessions, "LN-WM-01")).state is LoanerState.AVAILABLE


async def test_an_administrator_imports_units_from_a_csv_file(console) -> None:
    app, sessions = console
    await make_staff(sessions, "root", Role.ADMIN)
    rows = (
        "\ufeffserial;model;category;location;notes\n"
        "LN-KT-07;Kettle K2;Kettle;Shelf 4;\n"
        "LN-WM-01;Aqua 500 washing machine;washing_machine;Warehouse South;dent on the side\n"
        ";Nameless;kettle;;\n"
    )
    async with client_for(app) as admin:
        await sign_in(admin, "root", "root-password-1")
        csrf = page_csrf((await admin.get("/staff/loaners")).text)
        files = {"file": ("pool.csv", rows.encode(), "text/csv")}
        answer = await admin.post("/staff/loaners/import", data={"csrf": csrf}, files=files)
        page = (await admin.get(answer.headers["location"])).text
        assert "Imported: 1 added, 1 updated." in page and "Lines refused" in page
        bad = {"file": ("pool.csv", b"name,price\nx,1\n", "text/csv")}
        answer = await admin.post("/staff/loaners/import", data={"csrf": csrf}, files=bad)
        assert "not a CSV of loaner units" in (await admin.get(answer.headers["location"])).text
    kettle, washer = await _unit(sessions, "LN-KT-07"), await _unit(sessions, "LN-WM-01")
    assert kettle.category == "kettle" and kettle.state is LoanerState.AVAILABLE
    assert washer.location == "Warehouse South" and washer.notes == "dent on the side"


async def test_the_audit_log_names_pool_changes_in_words(console) -> None:
    app, sessions = console
    await make_staff(sessions, "root", Role.ADMIN)
    async with client_for(app) as admin:
        await sign_in(admin, "root", "root-password-1")
        listed = (await admin.get("/staff/loaners")).text
        washer = await _unit(sessions, "LN-WM-02")
        form = {"csrf": page_csrf(listed), "version": str(washer.version), "state": "in_service"}
        await admin.post(f"/staff/loaners/{washer.id}", data={**form, "location": "Repair bench"})
        audit = html.unescape((await admin.get("/staff/admin/audit")).text)
    assert "Loaner unit changed: LN-WM-02" in audit
    assert "State: Available" in audit and "State: In service" in audit
    assert "in_service" not in audit and "loaner.update" not in audit
