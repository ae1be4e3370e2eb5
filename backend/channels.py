"""What each customer channel can show, so one dialog words its answers true to the channel.

The dialogs read this table through their context (`ctx.channel`): a share-contact button is
offered only where it exists, slash commands are named only where they can be typed, and the
reasons behind an answer are folded into a disclosure where the channel has one (the web) or
behind a "Why?" button where it has not (Telegram, the terminal).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChannelCapabilities:
    """What a channel offers the customer."""

    slash_commands: bool  # the customer can type /start, /status, …
    share_contact: bool  # a button shares the phone number of the account
    folds_details: bool  # a message can keep its details behind a disclosure
    calendar_files: bool = True  # a calendar file (.ics) can be handed over


CHANNELS: dict[str, ChannelCapabilities] = {
    "telegram": ChannelCapabilities(slash_commands=True, share_contact=True, folds_details=False),
    "web": ChannelCapabilities(slash_commands=False, share_contact=False, folds_details=True),
    "terminal": ChannelCapabilities(slash_commands=True, share_contact=False, folds_details=False),
}
PLAIN = ChannelCapabilities(slash_commands=False, share_contact=False, folds_details=False)


def capabilities(channel: str) -> ChannelCapabilities:
    """The capabilities of `channel`; a channel not listed gets the plainest wording."""
    return CHANNELS.get(channel, PLAIN)
