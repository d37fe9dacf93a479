"""Starting and stopping the Slack side of the process: Socket Mode or an HTTP endpoint."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.app import EVENTS_PATH, Health, StudyCore, build_client, build_slack_app
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
    _closers: list[Callable[[], Awaitable[object]]] = field(default_factory=list)

    async def close(self) -> None:
        while self._closers:
            await self._closers.pop()()


async def start_slack(
    bot: StudyCore, settings: Settings, *, health: Health | None = None
) -> SlackRuntime:
    """Connect to Slack (Socket Mode) or start serving POST /slack/events (HTTP mode), then return;
    the caller keeps the loop running and calls `close()` on the way out."""
    _check(settings)
    client = build_client(settings)
    if oauth_enabled(settings):
        engine = make_engine(settings.database_url)
        oauth, installations = build_oauth(settings, engine)
        app = build_slack_app(bot, settings, client=client, health=health, oauth=oauth)
        publisher = SlackPublisher(client, installations=installations)
        log.info("slack: one bot for many workspaces (OAuth install at %s)", INSTALL_PATH)
    else:
        app = build_slack_app(bot, settings, client=client, health=health)
        # The workspace this token belongs to: only its channels are this process's to post in.
        publisher = SlackPublisher(client, team_id=await _own_team(client))
    runtime = SlackRuntime(app, publisher, settings.slack_mode)
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
        handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())
        await handler.connect_async()
        runtime._closers.append(handler.close_async)
        log.info("slack: connected in Socket Mode")
    return runtime


async def _own_team(client: AsyncWebClient) -> str | None:
    try:
        return str((await client.auth_test()).get("team_id") or "") or None
    except SlackApiError as exc:  # serve anyway; the scheduler then posts wherever it is due
        log.warning("slack: auth.test failed (%s); posting unscoped", exc.response.get("error"))
        return None


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
