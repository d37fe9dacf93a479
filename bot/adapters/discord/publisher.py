"""Posting and editing channel messages for the scheduler: the Discord side of `Publisher`."""

from __future__ import annotations

import discord

from bot.adapters.discord.render import to_discord_message
from bot.core import ChannelRef, Player, Reply

THREAD_NAME_LIMIT = 100

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

    async def thread(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        """Open a thread on the quiz message and post the reveal discussion in it."""
        channel_id, message_id = parse_message_ref(message_ref)
        target = self.client.get_partial_messageable(channel_id, guild_id=_guild(channel))
        name = (reply.title or "Discuss the quiz")[:THREAD_NAME_LIMIT]
        thread = await target.get_partial_message(message_id).create_thread(name=name)
        await thread.send(**to_discord_message(reply).send_kwargs())

    async def dm(self, channel: ChannelRef, player: Player, reply: Reply) -> None:
        """A direct message to `player`, naming the quiz channel."""
        dm = await self.client.create_dm(discord.Object(id=int(player.user_id)))
        message = to_discord_message(reply)
        kwargs = message.send_kwargs()
        kwargs["content"] = f"Quiz channel: <#{channel.channel_id}>\n{kwargs.get('content') or ''}"
        await dm.send(**kwargs)


def _guild(channel: ChannelRef) -> int | None:
    return int(channel.workspace) if channel.workspace.isdigit() else None
