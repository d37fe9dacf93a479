"""Delivering the ritual's due things: reveal threads, reminder DMs and weekly recaps.

The core decides and claims (each thing once, across replicas); this only sends, through each
platform's publisher, and logs a failure without stopping the rest of the pass."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.core import Scope, StudyBot
from bot.core.daily import DueReveal

log = logging.getLogger(__name__)


async def post_thread(publishers: Mapping[str, Any], reveal: DueReveal) -> None:
    """The reveal thread under the quiz message (Slack thread reply, Discord thread)."""
    if reveal.thread is None:
        return
    try:
        await publishers[reveal.channel.platform].thread(
            reveal.channel, reveal.message_ref, reveal.thread
        )
    except Exception:
        log.exception("posting the reveal thread of quiz %s failed", reveal.quiz_id)


async def deliver_ritual(
    bot: StudyBot,
    publishers: Mapping[str, Any],
    now: datetime,
    scopes: Sequence[str | Scope] | None = None,
) -> None:
    """Send due reminders (DMs) and weekly recaps claimed by this process, in `scopes` (default:
    every workspace of each publisher's platform)."""
    platforms = tuple(scopes) if scopes is not None else tuple(publishers)
    for due in await asyncio.to_thread(bot.due_reminders, now, platforms):
        publisher = publishers[due.channel.platform]
        for player in due.players:
            try:
                await publisher.dm(due.channel, player, due.reply)
            except Exception:
                log.exception("reminder for quiz %s to %s failed", due.quiz_id, player.user_id)
    for recap in await asyncio.to_thread(bot.due_recaps, now, platforms):
        try:
            await publishers[recap.channel.platform].post(recap.channel, recap.reply)
        except Exception:
            log.exception("posting the weekly recap to %s failed", recap.channel)
