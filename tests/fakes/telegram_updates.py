"""The updates a customer's Telegram client sends, as the fake Bot API server hands them out.

Mixed into `FakeTelegram`: each builder stores the message on the server (so it can be edited
and replied to like a real one) and returns the update to push or post to the webhook.
"""

from __future__ import annotations

import itertools
from typing import Any


class UpdateBuilders:
    """Text, commands, button presses, contacts, media and unsupported content."""

    files: dict[str, bytes]
    _serial: itertools.count[int]
    _callbacks: set[str]

    def store_message(self, chat_id: int, sender: dict[str, Any], **fields: Any) -> dict[str, Any]:
        raise NotImplementedError  # the server keeps the messages

    def next_update_id(self) -> int:
        raise NotImplementedError

    def add_file(self, file_id: str, data: bytes, file_size: int | None = None) -> str:
        raise NotImplementedError

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        raise NotImplementedError

    def register_callback(self, query_id: str) -> None:
        raise NotImplementedError

    @staticmethod
    def user(
        user_id: int, language_code: str | None = "en", first_name: str = "Test"
    ) -> dict[str, Any]:
        """A Telegram User object for a customer."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def incoming(
        self, user_id: int, *, language_code: str | None = "en", **fields: Any
    ) -> dict[str, Any]:
        """An update with a private message from `user_id` carrying `fields`."""
        message = self.store_message(user_id, self.user(user_id, language_code), **fields)
        return {"update_id": self.next_update_id(), "message": message}

    def text_message(
        self, user_id: int, text: str, *, language_code: str | None = "en"
    ) -> dict[str, Any]:
        """A private text message."""
        return self.incoming(user_id, language_code=language_code, text=text)

    def command(
        self, user_id: int, command: str, args: str = "", *, language_code: str | None = "en"
    ) -> dict[str, Any]:
        """A private `/command [args]` message with its bot_command entity."""
        text = f"/{command.lstrip('/')}" + (f" {args}" if args else "")
        entity = {"type": "bot_command", "offset": 0, "length": len(text.split(" ", 1)[0])}
        return self.incoming(user_id, language_code=language_code, text=text, entities=[entity])

    def press_button(
        self,
        sent: dict[str, Any],
        data: str | None = None,
        *,
        label: str | None = None,
        user_id: int | None = None,
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """A callback_query from pressing a button (by data or label) under a sent message."""
        chat_id = int(sent["chat_id"] if "chat_id" in sent else sent["chat"]["id"])
        message = self.message(chat_id, int(sent["message_id"]))
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        buttons = [
            b
            for row in rows
            for b in row
            if data in (None, b.get("callback_data")) and label in (None, b.get("text"))
        ]
        if not buttons:
            raise LookupError(f"no button data={data!r} label={label!r} under that message")
        query_id = f"cb{next(self._serial)}"
        self.register_callback(query_id)
        query = {
            "id": query_id,
            "from": self.user(user_id or chat_id, language_code),
            "message": message,
            "chat_instance": f"ci{chat_id}",
            "data": buttons[0].get("callback_data"),
        }
        return {"update_id": self.next_update_id(), "callback_query": query}

    def contact(
        self, user_id: int, phone_number: str, *, own: bool = True, language_code: str | None = "en"
    ) -> dict[str, Any]:
        """A shared contact (their own unless `own` is false)."""
        contact = {
            "phone_number": phone_number,
            "first_name": "Test",
            "user_id": user_id if own else user_id + 1,
        }
        return self.incoming(user_id, language_code=language_code, contact=contact)

    def photos(
        self,
        user_id: int,
        count: int = 1,
        *,
        caption: str | None = None,
        data: bytes = b"\xff\xd8fake-jpeg",
        language_code: str | None = "en",
    ) -> list[dict[str, Any]]:
        """One photo message, or an album of `count` messages sharing a media_group_id."""
        group = f"album{next(self._serial)}" if count > 1 else None
        updates = []
        for index in range(count):
            sizes = []
            for width, height in ((90, 67), (800, 600)):
                file_id = self.add_file(f"photo{len(self.files) + 1}_{width}", data)
                sizes.append(
                    {
                        "file_id": file_id,
                        "file_unique_id": f"u{file_id}",
                        "width": width,
                        "height": height,
                        "file_size": len(data),
                    }
                )
            updates.append(
                self.incoming(
                    user_id,
                    language_code=language_code,
                    photo=sizes,
                    media_group_id=group,
                    caption=caption if index == 0 else None,
                )
            )
        return updates

    def document(
        self,
        user_id: int,
        data: bytes,
        *,
        file_name: str = "receipt.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        file_size: int | None = None,
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """A document message whose file can be fetched with getFile."""
        file_id = self.add_file(f"doc{len(self.files) + 1}", data, file_size)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data) if file_size is None else file_size,
        }
        return self.incoming(
            user_id, language_code=language_code, document=document, caption=caption
        )

    def sticker(
        self, user_id: int, *, emoji: str = "\N{THUMBS UP SIGN}", language_code: str | None = "en"
    ) -> dict[str, Any]:
        """A sticker message."""
        sticker = {
            "file_id": f"sticker{next(self._serial)}",
            "file_unique_id": "usticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self.incoming(user_id, language_code=language_code, sticker=sticker)

    def voice(
        self,
        user_id: int,
        *,
        duration: int = 3,
        data: bytes = b"OggS-fake",
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """A voice message."""
        file_id = self.add_file(f"voice{len(self.files) + 1}", data)
        voice = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(data),
        }
        return self.incoming(user_id, language_code=language_code, voice=voice)

    def in_group(
        self, group_id: int, user_id: int, *, language_code: str | None = "en", **fields: Any
    ) -> dict[str, Any]:
        """A message from `user_id` in the group `group_id` (a negative chat id)."""
        message = self.store_message(group_id, self.user(user_id, language_code), **fields)
        return {"update_id": self.next_update_id(), "message": message}

    def membership(
        self, chat_id: int, user_id: int, old: str, new: str, *, language_code: str | None = "en"
    ) -> dict[str, Any]:
        """A my_chat_member update: the bot's status in `chat_id` went from `old` to `new`
        (a private chat: "member" -> "kicked" is a block, back to "member" an unblock)."""
        kind = "private" if chat_id > 0 else "group"
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        chat.update({"first_name": "User"} if chat_id > 0 else {"title": "Group"})
        bot = {"id": self.bot_id, "is_bot": True, "first_name": "Warranty Test Bot"}
        change = {
            "chat": chat,
            "from": self.user(user_id, language_code),
            "date": next(self._serial),
            "old_chat_member": self._member(old, bot),
            "new_chat_member": self._member(new, bot),
        }
        return {"update_id": self.next_update_id(), "my_chat_member": change}

    @staticmethod
    def _member(status: str, user: dict[str, Any]) -> dict[str, Any]:
        member = {"status": status, "user": user}
        return member | ({"until_date": 0} if status == "kicked" else {})

    def edited(self, update: dict[str, Any], text: str) -> dict[str, Any]:
        """The customer edited the text of the message of `update`."""
        message = {**update["message"], "text": text, "edit_date": next(self._serial)}
        return {"update_id": self.next_update_id(), "edited_message": message}

    bot_id: int
