"""The manager's recall and report pages: a campaign from the form to its progress, past reports
listed and downloadable, a Telegram link code shown once."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from backend.catalog.models import Product
from backend.customers.models import Channel
from backend.notifications.models import OutboxMessage
from backend.recalls.answers import answer_recall
from backend.recalls.models import RecallRecipient
from backend.reports.service import report_if_due
from backend.staff.models import Role
from backend.stats.config import WarningRules
from tests.support.clock import NOW
from tests.support.console import client_for, make_staff, page_csrf, sign_in
from tests.support.recalls import seed_owners

NOTICE = {
    "notice_en": "Recall: the door lock may fail.",
    "notice_ru": "Отзыв: замок дверцы может отказать.",
    "notice_ko": "리콜: 도어 잠금장치가 고장 날 수 있습니다.",
}


async def test_a_manager_previews_sends_and_follows_a_recall(console) -> None:
    app, sessions = console
    await make_staff(sessions, "recall-manager", Role.MANAGER)
    owners = await seed_owners(sessions, 4, web=2, unreachable=1)
    async with sessions() as session:
        product_id = await session.scalar(select(Product.id).where(Product.model_code == "WM-700"))
    async with client_for(app) as client:
        await sign_in(client, "recall-manager", "recall-manager-password-1")
        page = await client.get("/staff/recalls")
        form = {"csrf": page_csrf(page.text), "title": "Door lock", "product": str(product_id),
                "serial_from": "rc000000", "serial_to": "RC999999"}  # fmt: skip
        refused = await client.post("/staff/recalls", data={**form, **NOTICE, "notice_ko": ""})
        assert (
            "write the notice in English, Russian and Korean"
            in (await client.get(refused.headers["location"])).text
        )
        made = await client.post("/staff/recalls", data={**form, **NOTICE})
        preview = await client.get(made.headers["location"])
        assert NOTICE["notice_ru"] in preview.text and NOTICE["notice_ko"] in preview.text
        assert "🚚 Передать товар в сервис" in preview.text and "🛠 방문 예약" in preview.text
        reach = re.findall(r"<th scope=\"row\">([^<]+)</th><td>(\d+)</td>", preview.text)
        assert reach == [("Telegram", "4"), ("Web chat", "2"), ("No channel reaches them", "1")]
        sent = await client.post(
            made.headers["location"] + "/send", data={"csrf": page_csrf(preview.text)}
        )
        progress = await client.get(sent.headers["location"])
        again = await client.post(
            made.headers["location"] + "/send", data={"csrf": page_csrf(progress.text)}
        )
    assert "The notice is on its way to the owners." in progress.text
    counts = dict(re.findall(r"<th scope=\"row\">([^<]+)</th><td>(\d+)</td>", progress.text))
    assert (counts["Owners"], counts["Queued"], counts["No channel reaches them"]) == (
        "7",
        "6",
        "1",
    )
    assert again.headers["location"].endswith("msg=campaign_sent")
    async with sessions() as session:
        rows = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "recall"))
        )
    assert len(rows) == 6  # a second send queued nothing
    by_chat = {row.recipient: row for row in rows}
    assert by_chat[str(owners.chats[1])].text == NOTICE["notice_ru"]
    assert by_chat[str(owners.chats[1])].payload["bulk"] is True

    async with sessions() as session:  # an owner answers "book a visit" in the chat
        recipient = await session.scalar(select(RecallRecipient).limit(1))
        assert recipient is not None
        found = await answer_recall(session, recipient.campaign_id, recipient.customer_id,
                                    "visit", channel=Channel.TELEGRAM, locale="en",
                                    jurisdiction="RU", now=NOW)  # fmt: skip
        await session.commit()
    assert found is not None and found.claim_id is not None
    async with client_for(app) as client:
        await sign_in(client, "recall-manager", "recall-manager-password-1")
        claim_page = await client.get(f"/staff/claims/{found.claim_id}")
        campaign_page = await client.get(made.headers["location"])
    assert f'<a href="{made.headers["location"]}">' in claim_page.text
    counts = dict(re.findall(r"<th scope=\"row\">([^<]+)</th><td>(\d+)</td>", campaign_page.text))
    assert (counts["Answered"], counts["Claims opened"], counts["Fixed"]) == ("1", "1", "0")


async def test_reports_are_listed_downloadable_and_a_link_code_is_shown(
    console, tmp_path: Path
) -> None:
    app, sessions = console
    await make_staff(sessions, "report-manager", Role.MANAGER)
    report_id = await report_if_due(
        sessions,
        "mon 08:00",
        WarningRules(),
        media_dir=tmp_path,
        locale="en",
        now=NOW,
        costing=(Decimal("1500"), "RUB"),
    )
    async with client_for(app) as client:
        await sign_in(client, "report-manager", "report-manager-password-1")
        page = await client.get("/staff/reports")
        assert "complaint-report-2026-W48.csv" in page.text
        assert "Your Telegram chat is not linked yet." in page.text
        download = await client.get(f"/staff/reports/{report_id}.csv")
        linked = await client.post("/staff/reports/link", data={"csrf": page_csrf(page.text)})
        forged = await client.post("/staff/reports/link", data={"csrf": "wrong"})
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert download.content.decode("utf-8-sig").startswith(
        'Complaint report,"Nov 16\u2009–\u200922, 2026"'
    )
    assert re.search(r"<code>/link [A-Z2-9]{10}</code>", linked.text)
    assert "The form expired" in forged.text and "<code>/link" not in forged.text
