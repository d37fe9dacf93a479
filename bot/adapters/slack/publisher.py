"""Posting and editing studybot's messages through the Slack Web API."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.render import to_slack_message
from bot.core import ChannelRef, Reply


def message_ref(channel_id: str, ts: str) -> str:
    """The opaque handle the core stores for a posted message: "C123:1700000000.000100"."""
    return f"{channel_id}:{ts}"


def parse_message_ref(ref: str, default_channel: str = "") -> tuple[str, str]:
    """(channel id, ts) from a message_ref; a bare ts belongs to `default_channel`."""
    channel, sep, ts = ref.rpartition(":")
    return (channel, ts) if sep and channel else (default_channel, ts)


# Errors after which posting to that channel can never work until someone acts.
CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "account_inactive"})


class SlackPublisher:
    """The scheduler's Publisher on Slack: post a reply to a channel, later edit it in place."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel: ChannelRef, reply: Reply, *, thread_ts: str | None = None) -> str:
        """Post `reply` to the channel (in a thread when given) and return its message_ref."""
        message = to_slack_message(reply)
        resp = await self.client.chat_postMessage(
            channel=channel.channel_id,
            text=message["text"],
            blocks=message["blocks"],
            thread_ts=thread_ts,
            unfurl_links=False,
        )
        return message_ref(str(resp.get("channel") or channel.channel_id), str(resp["ts"]))

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        """Replace a posted message (e.g. the quiz card, with its reveal). Not for ephemerals:
        chat.update cannot edit those."""
        channel_id, ts = parse_message_ref(message_ref, channel.channel_id)
        await self.client.chat_update(channel=channel_id, ts=ts, **to_slack_message(reply))

    async def whisper(
        self, channel: ChannelRef, user_id: str, reply: Reply, *, thread_ts: str | None = None
    ) -> None:
        """An ephemeral message only `user_id` sees, in the channel (and thread) they wrote in."""
        message = to_slack_message(reply)
        await self.client.chat_postEphemeral(
            channel=channel.channel_id,
            user=user_id,
            text=message["text"],
            blocks=message["blocks"],
            thread_ts=thread_ts,
        )

    def permanent_failure(self, exc: Exception) -> str | None:
        """The Slack error when `exc` means the bot cannot post in that channel, else None."""
        if isinstance(exc, SlackApiError) and isinstance(exc.response.data, dict):
            error = str(exc.response.data.get("error"))
            return error if error in CANNOT_POST else None
        return None

    async def notify(self, channel: ChannelRef, user_id: str, text: str) -> None:
        """A direct message to `user_id` from the app (posting to a user id opens the DM)."""
        await self.client.chat_postMessage(channel=user_id, text=text)
