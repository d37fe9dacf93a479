"""Posting and editing studybot's messages through the Slack Web API."""

from __future__ import annotations

from typing import Protocol

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


class WorkspaceClients(Protocol):
    """Bot tokens by workspace, for a bot installed in many (bot.adapters.slack.oauth)."""

    async def workspaces(self) -> frozenset[str]: ...

    async def client_for(self, team_id: str) -> AsyncWebClient: ...


class WrongWorkspace(LookupError):
    """A post for a workspace this process holds no token for: another process's channel."""


class SlackPublisher:
    """The scheduler's Publisher on Slack: post a reply to a channel, later edit it in place.

    Each post goes out with the channel's workspace's token: `team_id` (from auth.test) is the
    one workspace a single token serves; `installations` give one token per installed workspace.
    With neither, the one client posts wherever it is asked (tests, one process per database)."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        team_id: str | None = None,
        installations: WorkspaceClients | None = None,
    ) -> None:
        self.client, self.team_id, self.installations = client, team_id, installations

    async def workspaces(self) -> frozenset[str] | None:
        """The workspaces this publisher can post in (None: not known, any)."""
        if self.installations is not None:
            return await self.installations.workspaces()
        return frozenset({self.team_id}) if self.team_id else None

    async def client_for(self, channel: ChannelRef) -> AsyncWebClient:
        if self.installations is not None:
            return await self.installations.client_for(channel.workspace)
        if self.team_id and channel.workspace != self.team_id:
            raise WrongWorkspace(f"this token serves {self.team_id}, not {channel.workspace}")
        return self.client

    async def post(self, channel: ChannelRef, reply: Reply, *, thread_ts: str | None = None) -> str:
        """Post `reply` to the channel (in a thread when given) and return its message_ref."""
        message = to_slack_message(reply)
        client = await self.client_for(channel)
        resp = await client.chat_postMessage(
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
        client = await self.client_for(channel)
        await client.chat_update(channel=channel_id, ts=ts, **to_slack_message(reply))

    async def whisper(
        self, channel: ChannelRef, user_id: str, reply: Reply, *, thread_ts: str | None = None
    ) -> None:
        """An ephemeral message only `user_id` sees, in the channel (and thread) they wrote in."""
        message = to_slack_message(reply)
        client = await self.client_for(channel)
        await client.chat_postEphemeral(
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
        client = await self.client_for(channel)
        await client.chat_postMessage(channel=user_id, text=text)
