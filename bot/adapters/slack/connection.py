"""The Slack connection over time: tokens checked at start (a refusal ends the start at once),
unreachable endpoints retried with backoff, and once up the Socket Mode link (or, in HTTP mode,
the bot token) watched."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.people import slack_error

log = logging.getLogger(__name__)

# Errors that no retry fixes: the token is wrong, revoked, or its workspace or app is gone.
REFUSALS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
        "missing_scope",
        "team_access_not_granted",
    }
)
# What a Web API call answers when the bot token itself is gone (not a channel's or a scope's problem).
TOKEN_GONE = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
FIXES = {
    "SLACK_APP_TOKEN": "copy the xapp- App-Level Token (scope connections:write) from the app's "
    "Basic Information page",
    "SLACK_BOT_TOKEN": "copy the xoxb- Bot User OAuth Token from the app's OAuth & Permissions "
    "page (reinstall the app if it was revoked)",
}
FIRST_DELAY, MAX_DELAY = 1.0, 60.0
CONNECT_TIMEOUT = 8.0
WATCH_SECONDS = 30.0
TRANSPORT_ERRORS = (aiohttp.ClientError, OSError, TimeoutError)


class SlackRefused(Exception):
    """Slack refused a token for good; the message names the setting, the error and the fix."""

    def __init__(self, setting: str, error: str) -> None:
        super().__init__(f"Slack refused {setting}: {error}; {FIXES[setting]}")


async def check_bot_token(web: AsyncWebClient) -> str | None:
    """auth.test with the bot token: the workspace (team id) it belongs to. SlackRefused if
    refused, retried while Slack is unreachable."""
    response = await _with_backoff("SLACK_BOT_TOKEN", web.auth_test, "the Slack Web API")
    return str(response.get("team_id") or "") or None


async def open_socket_url(web: AsyncWebClient, app_token: str) -> str:
    """A fresh Socket Mode URL from apps.connections.open (the app-level token's only use)."""
    response = await _with_backoff(
        "SLACK_APP_TOKEN", lambda: web.apps_connections_open(app_token=app_token), "Socket Mode"
    )
    return str(response["url"])


async def connect_socket(socket: SocketModeClient, web: AsyncWebClient, app_token: str) -> None:
    """Connect, retrying an unreachable WebSocket with backoff. Cancelling it (a stop signal while
    Slack cannot be reached) ends it at once."""
    delay = FIRST_DELAY
    while True:
        socket.wss_uri = await open_socket_url(web, app_token)
        try:
            await asyncio.wait_for(socket.connect(), CONNECT_TIMEOUT)
            if await socket.is_connected():
                return
        except TimeoutError:
            pass
        log.warning("slack: the Socket Mode WebSocket did not connect; retrying in %.0fs", delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, MAX_DELAY)


async def watch_socket(
    socket: SocketModeClient, web: AsyncWebClient, app_token: str, interval: float | None = None
) -> None:
    """Return never while the link is healthy; raise SlackRefused once it has been down for two
    checks and Slack refuses a token (the SDK would otherwise retry a revoked token forever)."""
    down = 0
    while True:
        await asyncio.sleep(interval or WATCH_SECONDS)
        if await socket.is_connected():
            down = 0
            continue
        down += 1
        log.warning("slack: the Socket Mode connection is down (check %d)", down)
        if down >= 2:
            await _refused_now(
                "SLACK_APP_TOKEN", lambda: web.apps_connections_open(app_token=app_token)
            )
            await _refused_now("SLACK_BOT_TOKEN", web.auth_test)


class TokenWatch(AsyncRetryHandler):
    """Sees every Web API answer (bolt copies retry handlers into its per-request clients too) and
    retries none: it notes an answer saying the bot token is gone, so the watch checks at once."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=0)
        self.suspect = asyncio.Event()

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        body = response.body if response is not None else None
        gone = isinstance(body, dict) and body.get("error") in TOKEN_GONE
        if gone and "apps.connections.open" not in request.url:  # that one has the app token
            self.suspect.set()
        return False


async def watch_bot_token(web: AsyncWebClient, interval: float | None = None) -> None:
    """HTTP mode has no link to lose, so nothing would notice a revoked token: return never while
    auth.test accepts it, raise SlackRefused once it does not. Checked every WATCH_SECONDS, and at
    once when a Web API call answers that the token is gone (`web` needs its TokenWatch)."""
    [watch] = [h for h in web.retry_handlers if isinstance(h, TokenWatch)]
    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(watch.suspect.wait(), interval or WATCH_SECONDS)
        watch.suspect.clear()
        await _refused_now("SLACK_BOT_TOKEN", web.auth_test)


async def _refused_now(setting: str, call: Callable[[], Awaitable[Any]]) -> None:
    try:
        await call()
    except SlackApiError as exc:
        if slack_error(exc) in REFUSALS:
            raise SlackRefused(setting, slack_error(exc)) from None
    except TRANSPORT_ERRORS:
        pass  # unreachable: the SDK keeps reconnecting, and so do we


async def _with_backoff(setting: str, call: Callable[[], Awaitable[Any]], what: str) -> Any:
    delay = FIRST_DELAY
    while True:
        try:
            return await call()
        except SlackApiError as exc:
            if slack_error(exc) in REFUSALS:
                raise SlackRefused(setting, slack_error(exc)) from None
            problem = slack_error(exc)
        except TRANSPORT_ERRORS as exc:
            problem = f"{type(exc).__name__}: {exc}"
        log.warning("slack: %s unavailable (%s); retrying in %.0fs", what, problem, delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, MAX_DELAY)


class QuietReconnects(logging.Filter):
    """The SDK logs each failed reconnect with a full traceback every few seconds; one line is
    enough (LOG_LEVEL=DEBUG keeps the traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not logging.getLogger().isEnabledFor(logging.DEBUG):
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
