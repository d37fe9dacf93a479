"""Refreshing a posted quiz card's answered count on Slack and Discord, coalesced by the core's
`EditCoalescer`: one edit at the first answer, then at most one more per interval."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core import ChannelRef, Reply
from bot.core.livecard import EditCoalescer

log = logging.getLogger(__name__)

Edit = Callable[[ChannelRef, str, Reply], Coroutine[Any, Any, None]]
Job = Callable[[], Coroutine[Any, Any, None]]
Timer = Callable[[float, Job], None]


def loop_timer(delay: float, job: Job) -> None:
    """Run `job` on the running loop after `delay` seconds."""
    loop = asyncio.get_running_loop()
    loop.call_later(delay, lambda: _keep(loop.create_task(job())))


_running: set[asyncio.Task[None]] = set()


def _keep(task: asyncio.Task[None]) -> None:
    _running.add(task)  # a task nobody references can be garbage-collected mid-run
    task.add_done_callback(_running.discard)


@dataclass
class CardPacing:
    """The clock and timer behind the coalescing; tests pass a fake clock and collect the timers."""

    clock: Callable[[], float] = time.monotonic
    timer: Timer = loop_timer
    coalescer: EditCoalescer = field(default_factory=EditCoalescer)


class LiveCards:
    """Asks the core for the fresh card and edits the posted message, at the coalescer's pace."""

    def __init__(
        self, core: Any, edit: Edit, now: Callable[[], datetime], pacing: CardPacing | None = None
    ) -> None:
        self.core, self.edit, self.now = core, edit, now
        self.pacing = pacing or CardPacing()

    async def changed(self, reply: Reply, edit: Edit | None = None) -> None:
        """Call after every reply: a recorded answer (extra "card") refreshes its quiz card.
        `edit`: how to edit it this time (on Slack, with the workspace's own client)."""
        if reply.extra.get("card") != "changed" or not reply.quiz_id:
            return
        quiz_id, edit = reply.quiz_id, edit or self.edit
        delay = self.pacing.coalescer.touch(quiz_id, self.pacing.clock())
        if delay == 0.0:
            await self._refresh(quiz_id, edit)
        elif delay is not None:
            self.pacing.timer(delay, lambda: self._fire(quiz_id, edit))

    async def _fire(self, quiz_id: str, edit: Edit) -> None:
        self.pacing.coalescer.fire(quiz_id, self.pacing.clock())
        await self._refresh(quiz_id, edit)

    async def _refresh(self, quiz_id: str, edit: Edit) -> None:
        try:
            card = await asyncio.to_thread(self.core.live_card, quiz_id, self.now())
            if card is not None:
                await edit(card.channel, card.message_ref, card.reply)
        except Exception:
            log.warning("refreshing the card of quiz %s failed", quiz_id, exc_info=True)
