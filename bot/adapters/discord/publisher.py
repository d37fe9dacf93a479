"""Posting and editing channel messages for the scheduler: the Discord side of `Publisher`."""

from __future__ import annotations

import discord

from bot.adapters.discord.render import to_discord_message
from bot.core import ChannelRef, Reply

UNKNOWN_CHANNEL = 10003  # Discord's JSON error code


def message_ref(channel_id: int, message_id: int) -> str:
    """The opaque reference the core stores for a posted message."""
    return f"{channel_id}:{message_id}"


def parse_message_ref(ref: str) -> tuple[int, int]:
    """`"<channel_id>:<message_id>"` back into its two ids."""
    channel_id, _, message_id = ref.partition(":")
    return int(channel_id), int(message_id)


class DiscordPublisher:
    """Posts a Reply to a channel and edits it later (the reveal), through a connected client."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        target = self.client.get_partial_messageable(int(channel.channel_id))
        message = await target.send(**to_discord_message(reply).send_kwargs())
        return message_ref(target.id, message.id)

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        channel_id, message_id = parse_message_ref(message_ref)
        target = self.client.get_partial_messageable(channel_id)
        await target.get_partial_message(message_id).edit(**to_discord_message(reply).edit_kwargs())

    def permanent_failure(self, exc: Exception) -> str | None:
        """Why `exc` means the bot cannot post in that channel (403, Unknown Channel), else None."""
        if isinstance(exc, discord.Forbidden):
            return f"403 Forbidden: {exc.text or 'Missing Access'}"
        if isinstance(exc, discord.NotFound) and exc.code == UNKNOWN_CHANNEL:
            return "404 Unknown Channel"
        return None

    async def notify(self, channel: ChannelRef, user_id: str, text: str) -> None:
        """A direct message to `user_id`."""
        user = await self.client.fetch_user(int(user_id))
        await user.send(text)
