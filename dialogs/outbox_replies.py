"""Replies of channels delivered through the outbox, written in the step's own transaction.

For such a channel (Telegram) the adapter sends nothing itself: every reply becomes an outbox row
in the transaction that commits the state which caused it, so a reply is never sent before its
state is committed and never lost after. The rows carry what the sender needs to draw the message
(inline buttons, the share-phone keyboard or its removal, a document) already in the customer's
language. A confirmation (`Say.kind`) is written with its kind and claim and marked `once`: the
sender never repeats it when a send's outcome is unknown.

When this process's sender takes the rows straight from the step (`lease_until`), they are
written already leased to it (`QUEUED`, one attempt counted, due again only when the lease runs
out): no other sender claims them meanwhile, and after a crash they are due again and claimed as
any other row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.customers.models import Channel
from backend.db.direct import DirectStatement
from backend.i18n import N_, gettext_for
from backend.notifications.models import OutboxMessage, OutboxStatus
from dialogs.state import ConversationState
from dialogs.types import Button, Reply, Request, Say, SendDocument

_outbox = cast(Table, OutboxMessage.__table__)
_INSERT = DirectStatement(
    insert(_outbox).returning(_outbox.c.id, sort_by_parameter_order=True),
    sqlite_form=insert(_outbox),
)
QUEUED = "queued"  # in place of Telegram's message id: leased to a sender, not yet under way
KEYBOARD_SHOWN = "_contact_keyboard"  # state data: the share-phone keyboard is on screen


@dataclass(frozen=True)
class QueuedRow:
    """An outbox row a step wrote, as the sender needs it."""

    id: int
    recipient: str
    text: str
    payload: dict[str, Any]


def _buttons(rows: tuple[tuple[Button, ...], ...]) -> list[list[dict[str, str]]]:
    return [[{"label": b.label, "payload": b.payload} for b in row] for row in rows]


def reply_messages(state: ConversationState, replies: list[Reply]) -> list[dict[str, Any]]:
    """(text, payload, kind) of each message the replies make, in order, as row fragments."""
    locale = state.locale
    messages: list[dict[str, Any]] = []
    for reply in replies:
        if isinstance(reply, Say):
            payload: dict[str, Any] = {}
            if reply.request is Request.PHONE:
                payload["contact_button"] = gettext_for(locale, N_("📱 Share my phone number"))
                messages.append({"text": reply.text, "payload": payload, "source": reply})
                if reply.buttons:
                    more = {"buttons": _buttons(reply.buttons)}
                    messages.append(
                        {"text": gettext_for(locale, N_("Or choose:")), "payload": more}
                    )
                continue
            if reply.buttons:
                payload["buttons"] = _buttons(reply.buttons)
            messages.append({"text": reply.text, "payload": payload, "source": reply})
        elif isinstance(reply, SendDocument):
            document = {"document": reply.path, "filename": reply.filename}
            messages.append({"text": reply.caption, "payload": document, "kind": "document"})
    _track_keyboard(state, messages)
    return messages


def _track_keyboard(state: ConversationState, messages: list[dict[str, Any]]) -> None:
    """Remove the share-phone keyboard with the first message after the phone step."""
    shown = any("contact_button" in m["payload"] for m in messages)
    if shown:
        state.data[KEYBOARD_SHOWN] = True
    elif state.data.pop(KEYBOARD_SHOWN, False) and messages:
        # One keyboard per message: a message with inline buttons cannot also remove it, so
        # the first plain message does, or the first message's buttons move to a pointer below.
        plain = next((m for m in messages if "buttons" not in m["payload"]), None)
        if plain is None:
            first = messages[0]
            pointer = {"text": "👇", "payload": {"buttons": first["payload"].pop("buttons")}}
            messages.insert(1, pointer)
            plain = first
        plain["payload"]["remove_keyboard"] = True


async def write_replies(
    connection: AsyncConnection,
    written: list[tuple[ConversationState, list[Reply]]],
    now: datetime,
    lease_until: datetime | None = None,
) -> list[QueuedRow]:
    """Queue the replies of each conversation as outbox rows; the rows written, in order.

    With `lease_until` the rows are leased to this process's sender until then."""
    rows = [
        _row(state, message, now)
        for state, replies in written
        for message in reply_messages(state, replies)
    ]
    if not rows:
        return []
    if lease_until is not None:
        for row in rows:
            row.update(attempts=1, next_attempt_at=lease_until, external_message_id=QUEUED)
    ids = await _INSERT.insert_ids(connection, rows)
    return [
        QueuedRow(int(i), r["recipient"], r["text"], r["payload"])
        for i, r in zip(ids, rows, strict=True)
    ]


def _row(state: ConversationState, message: dict[str, Any], now: datetime) -> dict[str, Any]:
    source = message.get("source")
    kind, claim_id = message.get("kind", "reply"), None
    payload = dict(message["payload"])
    if isinstance(source, Say) and source.kind:  # a message that must not double
        kind, claim_id = source.kind, source.claim_id
        payload["once"] = True
    return {
        "customer_id": state.customer_id,
        "claim_id": claim_id,
        "channel": Channel(state.channel),
        "recipient": state.external_id,
        "kind": kind,
        "text": message["text"],
        "payload": payload,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "external_message_id": None,
        "created_at": now,
    }
