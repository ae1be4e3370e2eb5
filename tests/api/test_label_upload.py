"""The web chat: a label photo uploaded at the serial step gives the serial."""

from __future__ import annotations

import re

from tests.support.labels import blank_photo, qr_label


async def test_an_uploaded_label_photo_gives_the_serial(api) -> None:
    client, _ = api
    page = await client.get("/")
    token = re.search(r'data-csrf="([^"]+)"', page.text)
    assert token
    chat = {"x-csrf-token": token.group(1)}
    started = await client.post(
        "/chat/events", json={"type": "command", "name": "claim"}, headers=chat
    )
    assert "photo of the label" in started.text
    blank = await client.post(
        "/chat/upload",
        files=[("files", ("IMG_0001.jpg", blank_photo(), "image/jpeg"))],
        headers=chat,
    )
    assert "send a sharper photo of the label" in blank.text
    label = await client.post(
        "/chat/upload",
        files=[("files", ("IMG_0002.jpg", qr_label("DW45-0001"), "image/jpeg"))],
        headers=chat,
    )
    assert label.status_code == 200
    assert "The label says: serial number DW45-0001." in label.text
    assert "Clean 45 dishwasher" in label.text and "poor_cleaning" in label.text
