"""Written claims in the console: registered with a scan, their deadline and overdue state on the
claim page and in the queue, answered with a letter (page and PDF) kept on the timeline."""

from __future__ import annotations

import io
import re
from contextlib import asynccontextmanager

from pypdf import PdfReader
from sqlalchemy import select

from backend.notifications.models import OutboxMessage
from backend.staff.models import Role
from backend.written_claims.models import WrittenClaim
from tests.support.clock import days
from tests.support.console import client_for, make_claim, make_staff, page_csrf, sign_in

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@asynccontextmanager
async def _signed_in(app, sessions):
    await make_staff(sessions, "clerk", Role.AGENT)
    async with client_for(app) as client:
        await sign_in(client, "clerk", "clerk-password-1")
        yield client


async def _register(client, claim_id: int, received_on: str, demand: str = "refund", **files):
    page = await client.get(f"/staff/claims/{claim_id}")
    form = {"csrf": page_csrf(page.text), "received_on": received_on, "demand": demand}
    return await client.post(
        f"/staff/claims/{claim_id}/written", data={**form, "text": "Money back, please."}, **files
    )


async def _written(sessions) -> list[WrittenClaim]:
    async with sessions() as session:
        return list(await session.scalars(select(WrittenClaim).order_by(WrittenClaim.id)))


async def test_register_show_overdue_answer_and_read_the_letter(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions, serial="WM700-0002", locale="ru")
    async with _signed_in(app, sessions) as client:
        files = {"files": {"scan": ("claim.pdf", SCAN, "application/pdf")}}
        done = await _register(client, claim.id, days(-14).isoformat(), **files)
        assert done.status_code == 303 and "error" not in done.headers["location"]
        [written] = await _written(sessions)
        assert (written.due_on, written.due_rule) == (days(-4), "ru.refund")
        page = await client.get(f"/staff/claims/{claim.id}")
        assert f"Answer due by {days(-4).isoformat()} (Law 2300-1 art. 22)" in page.text
        assert '<span class="badge overdue">Overdue</span>' in page.text
        scan = await client.get(f"/staff/attachments/{written.attachment_id}")
        assert scan.content == SCAN
        queue = await client.get("/staff")
        assert "Written claim overdue" in queue.text
        preview = await client.get(f"/staff/claims/{claim.id}/written/{written.id}/letter")
        assert "пропущен на 4 дня" in preview.text  # the preview counts up to today
        assert "Ваше требование" not in preview.text  # no decision before the answer
        answer = f"/staff/claims/{claim.id}/written/{written.id}/answer"
        form = {"csrf": page_csrf(page.text), "decision": "partly", "text": "Возвращаем 40 000."}
        form["refund_amount"] = "40000"
        assert (await client.post(answer, data=form)).status_code == 303
        page = await client.get(f"/staff/claims/{claim.id}")
        assert "Answer to the written claim sent" in page.text
        assert "Granted in part" in page.text
        letter = await client.get(f"/staff/claims/{claim.id}/written/{written.id}/letter")
        assert '<html lang="ru">' in letter.text
        for expected in (
            "Ваше требование удовлетворено частично.",
            "Возвращаем 40 000.",
            "Сумма к выплате вам: 40\xa0000,00\xa0₽.",
            "WM700-0002",
            "п. 1 ст. 23 Закона РФ «О защите прав потребителей»",
        ):
            assert expected in letter.text, expected
        assert not re.search(r"\b(partly|refund|ru\.refund|granted)\b", letter.text)
        pdf = await client.get(f"/staff/claims/{claim.id}/written/{written.id}/letter.pdf")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Ваше требование удовлетворено частично." in text
        again = await client.post(answer, data=form)
        assert "error=not_allowed" in again.headers["location"]
    async with sessions() as session:
        sent = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "written_answer")
            )
        )
    assert len(sent) == 1 and sent[0].payload["filename"] == f"{claim.number}-answer.pdf"


async def test_a_claim_answered_in_time_is_not_overdue(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    async with _signed_in(app, sessions) as client:
        await _register(client, claim.id, days(0).isoformat(), demand="replace")
        page = await client.get(f"/staff/claims/{claim.id}")
        assert f"Answer due by {days(7).isoformat()}" in page.text
        assert 'badge overdue">Overdue</span>' not in page.text.split('id="written"')[1]


async def test_bad_forms_store_nothing(console) -> None:
    app, sessions = console
    claim = await make_claim(sessions)
    async with _signed_in(app, sessions) as client:
        wrong = await _register(client, claim.id, "yesterday")
        assert "error=invalid" in wrong.headers["location"]
        unknown = await _register(client, claim.id, days(0).isoformat(), demand="refund_due")
        assert "error=invalid" in unknown.headers["location"]
        forged = await client.post(
            f"/staff/claims/{claim.id}/written",
            data={"received_on": days(0).isoformat(), "demand": "refund"},
        )
        assert "error=expired" in forged.headers["location"]
        files = {"files": {"scan": ("claim.exe", b"MZ\x90\x00binary", "application/pdf")}}
        refused = await _register(client, claim.id, days(0).isoformat(), **files)
        assert "error=upload_file_type" in refused.headers["location"]
    assert await _written(sessions) == []
