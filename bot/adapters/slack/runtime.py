"""Starting and stopping the Slack side of the process: Socket Mode or an HTTP endpoint."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.inflight import InFlight
from bot.adapters.slack.app import EVENTS_PATH, Health, StudyCore, build_client, build_slack_app
from bot.adapters.slack.connection import (
    QuietReconnects,
    check_bot_token,
    connect_socket,
    watch_bot_token,
    watch_socket,
)
from bot.adapters.slack.oauth import INSTALL_PATH, build_oauth, oauth_enabled
from bot.adapters.slack.publisher import SlackPublisher
from bot.settings import Settings
from bot.storage.engine import make_engine

log = logging.getLogger(__name__)


class SlackConfigError(ValueError):
    """A setting Slack needs is missing; the message names it and never shows a token."""


@dataclass
class SlackRuntime:
    """The running Slack connection: its publisher for the scheduler, and how to stop it."""

    app: AsyncApp
    publisher: SlackPublisher
    mode: str
    url: str | None = None
    addresses: list[object] = field(default_factory=list)
    inflight: InFlight = field(default_factory=InFlight)
    # Ends when Slack refuses the token for good (revoked): Socket Mode's link or HTTP mode's watch.
    connection: asyncio.Future[None] | None = None
    _closers: list[Callable[[], Awaitable[object]]] = field(default_factory=list)

    async def close(self) -> None:
        """Stop taking events (HTTP: 503; Socket Mode: the socket closes), finish every handler
        already acknowledged, then release the rest. The caller bounds it by the grace period."""
        if self.connection is not None:
            self.connection.cancel()
        self.inflight.closing = True
        if self.mode == "socket":
            await self._close_next()  # the socket: the last closer added
        await self.inflight.drain()
        while self._closers:
            await self._close_next()

    async def _close_next(self) -> None:
        if self._closers:
            await self._closers.pop()()


async def start_slack(
    bot: StudyCore, settings: Settings, *, health: Health | None = None
) -> SlackRuntime:
    """Connect to Slack (Socket Mode) or start serving POST /slack/events (HTTP mode), then return;
    the caller keeps the loop running and calls `close()` on the way out."""
    _check(settings)
    client = build_client(settings)
    inflight = InFlight()
    if oauth_enabled(settings):
        engine = make_engine(settings.database_url)
        oauth, installations = build_oauth(settings, engine)
        app = build_slack_app(
            bot, settings, client=client, health=health, oauth=oauth, inflight=inflight
        )
        publisher = SlackPublisher(client, installations=installations)
        log.info("slack: one bot for many workspaces (OAuth install at %s)", INSTALL_PATH)
    else:
        app = build_slack_app(bot, settings, client=client, health=health, inflight=inflight)
        publisher = SlackPublisher(client)
    runtime = SlackRuntime(app, publisher, settings.slack_mode, inflight=inflight)
    try:
        if publisher.installations is None:
            # The workspace this token belongs to: only its channels are this process's to post in.
            publisher.team_id = await check_bot_token(client)
        await _serve(runtime, app, client, settings)
        if settings.slack_mode == "http" and publisher.installations is None:
            # Nothing else would notice the one bot token being revoked. (OAuth installs each
            # have their own; an uninstall is an event, not the end of the process.)
            runtime.connection = asyncio.ensure_future(watch_bot_token(client))
    except BaseException:  # refused, or stopped while still connecting: release what is open
        await asyncio.shield(runtime.close())
        raise
    return runtime


async def _serve(
    runtime: SlackRuntime, app: AsyncApp, client: AsyncWebClient, settings: Settings
) -> None:
    if settings.slack_mode == "http":
        runner = web.AppRunner(app.server(port=settings.port, path=EVENTS_PATH).web_app)
        await runner.setup()
        # Bind the configured host, never bolt's 0.0.0.0 default.
        await web.TCPSite(runner, settings.host, settings.port).start()
        runtime._closers.append(runner.cleanup)
        runtime.addresses = list(runner.addresses)
        runtime.url = f"http://{settings.host}:{settings.port}{EVENTS_PATH}"
        log.info("slack: serving %s", runtime.url)
    else:
        assert settings.slack_app_token is not None
        token = settings.slack_app_token.get_secret_value()
        handler = AsyncSocketModeHandler(app, token, logger=_socket_log())
        runtime._closers.append(handler.close_async)
        await connect_socket(handler.client, client, token)
        runtime.connection = asyncio.ensure_future(watch_socket(handler.client, client, token))
        log.info("slack: connected in Socket Mode")


def _socket_log() -> logging.Logger:
    socket_log = logging.getLogger("bot.adapters.slack.socket")
    if not socket_log.filters:
        socket_log.addFilter(QuietReconnects())
    return socket_log


def _check(settings: Settings) -> None:
    if oauth_enabled(settings):
        _check_oauth(settings)
        return
    missing = ["SLACK_BOT_TOKEN"] if settings.slack_bot_token is None else []
    if settings.slack_mode == "http" and settings.slack_signing_secret is None:
        missing.append("SLACK_SIGNING_SECRET")
    if settings.slack_mode == "socket" and settings.slack_app_token is None:
        missing.append("SLACK_APP_TOKEN")
    if missing:
        mode = "HTTP mode" if settings.slack_mode == "http" else "Socket Mode"
        raise SlackConfigError(f"Slack {mode} needs {' and '.join(missing)}")


def _check_oauth(settings: Settings) -> None:
    """The install flow needs Slack to reach us: HTTP mode, signed requests, and no fixed token."""
    problems = []
    if settings.slack_mode != "http":
        problems.append("SLACK_MODE=http (Slack redirects installs to /slack/oauth_redirect)")
    if settings.slack_signing_secret is None:
        problems.append("SLACK_SIGNING_SECRET")
    if settings.slack_bot_token is not None:
        problems.append("no SLACK_BOT_TOKEN (each workspace's token comes from its install)")
    if problems:
        raise SlackConfigError(f"Slack OAuth (SLACK_CLIENT_ID) needs {' and '.join(problems)}")
