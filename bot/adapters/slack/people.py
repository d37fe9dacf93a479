"""Who a Slack user is to studybot: their display name and whether they administer the workspace."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core import Caller, ChannelRef, Player

PLATFORM = "slack"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Person:
    name: str
    is_admin: bool


def slack_error(exc: SlackApiError) -> str:
    """The error code of a failed Web API call ("not_in_channel"), or its HTTP status."""
    data = exc.response.data
    return str(data.get("error")) if isinstance(data, dict) else f"HTTP {exc.response.status_code}"


class People:
    """users.info, cached for a few minutes: promoting someone to admin takes effect soon enough,
    and a busy channel does not cost one API call per message. Bolt runs each listener as its own
    task after the ack, so two messages from one person arrive while the first lookup is still in
    flight: they share that one call instead of each making their own."""

    def __init__(
        self,
        client: AsyncWebClient,
        admin_ids: frozenset[str] = frozenset(),
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client, self.admin_ids, self.ttl, self.clock = client, admin_ids, ttl, clock
        self._cache: dict[tuple[str, str], tuple[float, Person]] = {}
        self._pending: dict[tuple[str, str], asyncio.Future[Person]] = {}

    async def caller(
        self, team_id: str, user_id: str, channel_id: str, client: AsyncWebClient | None = None
    ) -> Caller:
        """The core's view of one Slack user in one channel of one workspace (`client`: one
        holding that workspace's token, when the bot serves several)."""
        person = await self.lookup(team_id, user_id, client)
        player = Player(PLATFORM, team_id, user_id, person.name)
        channel = ChannelRef(PLATFORM, team_id, channel_id)
        return Caller(player, channel, is_admin=person.is_admin or user_id in self.admin_ids)

    async def lookup(
        self, team_id: str, user_id: str, client: AsyncWebClient | None = None
    ) -> Person:
        key = (team_id, user_id)
        hit = self._cache.get(key)
        if hit and hit[0] > self.clock():
            return hit[1]
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(user_id, client or self.client))
            self._pending[key] = pending
            pending.add_done_callback(lambda done: self._remember(key, done))
        # shield: one caller being cancelled must not cancel the lookup the others wait on.
        return await asyncio.shield(pending)

    def _remember(self, key: tuple[str, str], done: asyncio.Future[Person]) -> None:
        del self._pending[key]
        if done.cancelled() or done.exception() is not None:
            return
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[key] = (self.clock() + self.ttl, done.result())

    async def _fetch(self, user_id: str, client: AsyncWebClient) -> Person:
        try:
            resp = await client.users_info(user=user_id)
        except SlackApiError as exc:
            # Most likely the users:read scope is missing; the user is simply not an admin.
            log.warning("users.info failed for %s: %s", user_id, slack_error(exc))
            return Person("", False)
        user = resp.get("user") or {}
        profile = user.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("name") or ""
        admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        return Person(str(name), admin)
