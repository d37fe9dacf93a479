"""Work a platform has acknowledged and not finished: counted, so a stop can wait for it."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


class InFlight:
    """Counts running handlers. Slack and Discord do not redeliver what was acknowledged, so a
    stop (SIGTERM on deploy) first refuses new work, then waits here for the acknowledged."""

    def __init__(self) -> None:
        self.running = 0
        self.closing = False
        self._idle = asyncio.Event()
        self._idle.set()

    def track(self, handler: F) -> F:
        """`handler`, counted while it runs (signature kept: bolt and discord.py read it)."""

        @functools.wraps(handler)
        async def tracked(*args: Any, **kwargs: Any) -> Any:
            self.running += 1
            self._idle.clear()
            try:
                return await handler(*args, **kwargs)
            finally:
                self.running -= 1
                if self.running == 0:
                    self._idle.set()

        return tracked  # type: ignore[return-value]

    async def drain(self) -> None:
        """Refuse new work from now on and return once nothing is running (callers add a timeout)."""
        self.closing = True
        await self._idle.wait()
