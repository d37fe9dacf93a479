"""Starting studybot on Discord from Settings: URL overrides, sharding, login, a background connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import discord
import yarl

from bot.adapters.discord.client import BackgroundJob, ShardedStudyBotClient, StudyBotClient
from bot.adapters.discord.publisher import DiscordPublisher
from bot.core import StudyBot
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class DiscordRuntime:
    """A logged-in client connecting in the background; `close()` disconnects and waits for it."""

    client: StudyBotClient
    connection: asyncio.Task[None]
    _restore: list[tuple[object, str, object]] = field(default_factory=list)

    @property
    def publisher(self) -> DiscordPublisher:
        return self.client.publisher

    async def close(self) -> None:
        await self.client.close()
        self.connection.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.connection
        for owner, name, value in reversed(self._restore):
            setattr(owner, name, value)
        self._restore.clear()


def build_client(
    bot: StudyBot, settings: Settings, *, background: Iterable[BackgroundJob] = ()
) -> StudyBotClient:
    """The client for these settings: auto-sharded when `DISCORD_SHARDS` is set."""
    admins, guild = settings.admin_ids, settings.discord_guild_id
    if settings.discord_shards:
        return ShardedStudyBotClient(
            bot,
            admin_ids=admins,
            sync_guild=guild,
            background=background,
            shard_count=settings.discord_shards,
        )
    return StudyBotClient(bot, admin_ids=admins, sync_guild=guild, background=background)


async def start_discord(
    bot: StudyBot, settings: Settings, *, background: Iterable[BackgroundJob] = ()
) -> DiscordRuntime:
    """Log in (which syncs the commands once) and connect to the gateway in a background task."""
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    restore = _apply_url_overrides(settings)
    client = build_client(bot, settings, background=background)
    try:
        await client.login(settings.discord_token.get_secret_value())
    except BaseException:
        await client.close()
        for owner, name, value in reversed(restore):
            setattr(owner, name, value)
        raise
    connection = asyncio.create_task(_connect(client), name="discord-gateway")
    log.info("discord: logged in as %s (%s)", client.user, client.user.id if client.user else "?")
    return DiscordRuntime(client, connection, restore)


async def _connect(client: StudyBotClient) -> None:
    try:
        await client.connect(reconnect=True)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("discord: the gateway connection ended")
        raise


def _apply_url_overrides(settings: Settings) -> list[tuple[object, str, object]]:
    """Point discord.py at a REST or gateway proxy (or a test fake). These are class attributes,
    so they apply process-wide; the returned list restores them."""
    restore: list[tuple[object, str, object]] = []
    if settings.discord_api_base:
        restore.append((discord.http.Route, "BASE", discord.http.Route.BASE))
        discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        gateway = discord.gateway.DiscordWebSocket
        restore.append((gateway, "DEFAULT_GATEWAY", gateway.DEFAULT_GATEWAY))
        gateway.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    return restore
