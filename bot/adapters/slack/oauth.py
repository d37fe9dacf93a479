"""One bot for many Slack workspaces: the OAuth install flow, through bolt's and slack_sdk's own pieces.

`SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` turn it on (HTTP mode): bolt serves /slack/install and
/slack/oauth_redirect, slack_sdk's SQLAlchemy installation and OAuth state stores keep their rows in
the bot's own database (tables from our migrations), and bolt's authorize step gives every request
its workspace's bot token. Removing the app (`app_uninstalled`, or the bot token revoked) deletes
the installation and turns that workspace's daily quizzes off.

slack_sdk's SQLAlchemy stores are synchronous; the async app gets them through thin wrappers that
run each call in a worker thread, like every other database call of the adapters."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine, select

from bot.settings import Settings
from bot.storage.models import SLACK_BOTS

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
BOT_SCOPES = ["app_mentions:read", "chat:write", "commands", "im:history", "users:read"]
STATE_SECONDS = 600
PLATFORM = "slack"
log = logging.getLogger(__name__)


class NotInstalled(LookupError):
    """No bot token for this workspace: it never installed the app, or removed it."""


class ThreadedInstallationStore(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy installation store for the async app, each call in a thread."""

    def __init__(self, store: SQLAlchemyInstallationStore) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return self.store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        return await asyncio.to_thread(lambda: self.store.find_bot(**kwargs))

    async def async_find_installation(self, **kwargs: Any) -> Installation | None:
        return await asyncio.to_thread(lambda: self.store.find_installation(**kwargs))

    async def async_delete_bot(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_bot(**kwargs))

    async def async_delete_installation(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_installation(**kwargs))


class ThreadedStateStore(AsyncOAuthStateStore):
    """slack_sdk's SQLAlchemy OAuth state store for the async app: states live in the database,
    so any replica can finish an install another one started."""

    def __init__(self, store: SQLAlchemyOAuthStateStore) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return self.store.logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


class Installations:
    """The installed workspaces and their bot tokens: what the scheduler posts with."""

    def __init__(self, store: ThreadedInstallationStore, engine: Engine, base_url: str) -> None:
        self.store, self.engine, self.base_url = store, engine, base_url

    async def workspaces(self) -> frozenset[str]:
        """Every workspace with a bot installed for this app."""
        query = select(SLACK_BOTS.c.team_id).where(
            SLACK_BOTS.c.client_id == self.store.store.client_id, SLACK_BOTS.c.team_id.is_not(None)
        )

        def read() -> frozenset[str]:
            with self.engine.connect() as conn:
                return frozenset(conn.execute(query.distinct()).scalars())

        return await asyncio.to_thread(read)

    async def client_for(self, team_id: str) -> AsyncWebClient:
        """A Web API client holding `team_id`'s bot token."""
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise NotInstalled(f"studybot is not installed in Slack workspace {team_id}")
        client = AsyncWebClient(token=bot.bot_token, base_url=self.base_url)
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
        return client


def oauth_enabled(settings: Settings) -> bool:
    return settings.slack_client_id is not None and settings.slack_client_secret is not None


def build_oauth(settings: Settings, engine: Engine) -> tuple[AsyncOAuthSettings, Installations]:
    """bolt's OAuth settings over stores on `engine`, and the installations the scheduler uses."""
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    client_id = settings.slack_client_id
    store = ThreadedInstallationStore(SQLAlchemyInstallationStore(client_id, engine))
    states = ThreadedStateStore(SQLAlchemyOAuthStateStore(STATE_SECONDS, engine))
    oauth = AsyncOAuthSettings(
        client_id=client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=BOT_SCOPES,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=states,
        state_expiration_seconds=STATE_SECONDS,
    )
    return oauth, Installations(store, engine, settings.slack_api_url)


def register_removal(app: AsyncApp, store: AsyncInstallationStore, core: Any) -> None:
    """`app_uninstalled` and a revoked bot token: forget the workspace's installation and stop its
    daily quizzes (bolt runs these without looking the token up: it may be gone already)."""

    async def removed(body: dict[str, Any], event: dict[str, Any]) -> None:
        team = body.get("team_id") or ""
        if event["type"] == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
            return  # only user tokens were revoked; the bot still serves the workspace
        await store.async_delete_all(enterprise_id=body.get("enterprise_id"), team_id=team)
        stopped = await asyncio.to_thread(core.stop_workspace, PLATFORM, team)
        log.info("slack: workspace %s removed the app; %d daily quiz(zes) stopped", team, stopped)

    app.event("app_uninstalled")(removed)
    app.event("tokens_revoked")(removed)
