"""The daily quiz loop: claim and post due quizzes, then edit them into their reveal at the close.

Exactly once: every post is claimed in the database (UNIQUE channel + local date) before it is sent,
so restarts and replicas sharing a database never post one twice. Crash semantics: a crash after the
claim and before the post is confirmed (`record_post`) leaves the claim unconfirmed; after 5 minutes
another pass takes it over and posts it, so a post is never skipped while its window is open. Only a
crash in the instant between the platform accepting the message and `record_post` can repeat it.
A reveal edit is claimed the same way and attempted once.

A post that fails because the bot cannot post there (Slack `not_in_channel`, Discord 403, ...)
turns the channel's daily post off, logs one warning and tells the admin who turned it on; any
other failure backs off (5 min, 20, 80, ... at most 6 h) instead of retrying every pass.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.core import ChannelRef, Reply, Scope, StudyBot

log = logging.getLogger(__name__)
DELIVERY_MEMORY = timedelta(hours=1)
TURNED_OFF = (
    "I turned off the daily quiz in {where}: I cannot post there ({reason}). "
    "Invite me back (or pick another channel) and run `config on` there to resume."
)


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


def permanent_reason(publisher: object, exc: Exception) -> str | None:
    """Why `exc` means the bot can never post there (the publisher knows its platform's errors);
    None when a retry may work."""
    judge = getattr(publisher, "permanent_failure", None)
    return judge(exc) if judge is not None else None


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
        await asyncio.to_thread(self.bot.forget_deliveries, now - DELIVERY_MEMORY)
        for due in await asyncio.to_thread(self.bot.claim_due_posts, now, platforms):
            publisher = self.publishers[due.channel.platform]
            try:
                ref = await publisher.post(due.channel, due.reply)
            except Exception as exc:
                await self._post_failed(publisher, due.channel, exc, now)
                continue
            await asyncio.to_thread(self.bot.record_post, due.quiz_id, ref)
            await asyncio.to_thread(self.bot.post_delivered, due.channel)
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

    async def _post_failed(
        self, publisher: Publisher, channel: ChannelRef, exc: Exception, now: datetime
    ) -> None:
        reason = permanent_reason(publisher, exc)
        cfg = await asyncio.to_thread(self.bot.post_failed, channel, now, reason is not None)
        if reason is None:
            log.warning(
                "posting the quiz to %s failed (%s: %s); next try after %s",
                channel,
                type(exc).__name__,
                str(exc).splitlines()[0] if str(exc) else "",
                f"{cfg.paused_until:%H:%M} UTC" if cfg.paused_until else "the next pass",
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            return
        log.warning("%s: cannot post there (%s); its daily quiz is turned off", channel, reason)
        notify = getattr(publisher, "notify", None)
        if cfg.owner and notify is not None:
            text = TURNED_OFF.format(where=channel_label(channel), reason=reason)
            try:
                await notify(channel, cfg.owner, text)
            except Exception as dm_exc:
                log.warning(
                    "telling %s that %s was turned off failed: %s", cfg.owner, channel, dm_exc
                )

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


def channel_label(channel: ChannelRef) -> str:
    """A channel as Slack and Discord link it (`<#C123>`); plain `#name` in the terminal."""
    if channel.platform in ("slack", "discord"):
        return f"<#{channel.channel_id}>"
    return f"#{channel.channel_id}"
