"""The daily quiz loop: claim and post due quizzes, then edit them into their reveal at the close.

Exactly once: every post is claimed in the database (UNIQUE channel + local date) before it is sent,
so restarts and replicas sharing a database never post one twice. Crash semantics: a crash after the
claim and before the post is confirmed (`record_post`) leaves the claim unconfirmed; after 5 minutes
another pass takes it over and posts it, so a post is never skipped while its window is open. Only a
crash in the instant between the platform accepting the message and `record_post` can repeat it.
A reveal edit is claimed the same way and attempted once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.core import ChannelRef, Reply, Scope, StudyBot

log = logging.getLogger(__name__)


class Publisher(Protocol):
    """What a platform adapter gives the scheduler: post a reply, edit a posted one. A publisher
    that can post only in some workspaces (a Slack token belongs to one) also has
    `async workspaces() -> frozenset[str] | None`: only their channels are claimed for it."""

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        """Post `reply` in `channel`; return the message reference to edit later."""
        ...

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        """Replace the message `message_ref` in `channel` with `reply`."""
        ...


class QuizScheduler:
    """Runs `tick` every `interval` seconds; the database calls run in a worker thread."""

    def __init__(
        self,
        bot: StudyBot,
        publishers: dict[str, Publisher],
        clock: Callable[[], datetime],
        interval: float = 30.0,
    ) -> None:
        self.bot = bot
        self.publishers = publishers
        self.clock = clock
        self.interval = interval

    async def tick(self, now: datetime | None = None) -> None:
        """One pass: post every due quiz this process claimed, then publish due reveals."""
        now = now or self.clock()
        platforms = await self.scopes()
        for due in await asyncio.to_thread(self.bot.claim_due_posts, now, platforms):
            try:
                ref = await self.publishers[due.channel.platform].post(due.channel, due.reply)
            except Exception:
                log.exception(
                    "posting quiz %s to %s failed; it is retried later", due.quiz_id, due.channel
                )
                continue
            await asyncio.to_thread(self.bot.record_post, due.quiz_id, ref)
        for reveal in await asyncio.to_thread(self.bot.due_reveals, now, platforms):
            try:
                await self.publishers[reveal.channel.platform].edit(
                    reveal.channel, reveal.message_ref, reveal.reply
                )
            except Exception:
                log.exception("editing quiz %s into its reveal failed", reveal.quiz_id)

    async def scopes(self) -> tuple[Scope, ...]:
        """Each platform with the workspaces its publisher can post in right now."""
        scopes = []
        for platform, publisher in self.publishers.items():
            workspaces = getattr(publisher, "workspaces", None)
            scopes.append(Scope(platform, await workspaces() if workspaces else None))
        return tuple(scopes)

    async def run(self) -> None:
        """Tick until cancelled; a failing pass is logged and the loop goes on."""
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("quiz scheduler pass failed; retrying in %.0fs", self.interval)
            await asyncio.sleep(self.interval)
