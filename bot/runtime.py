"""The long-running process: every configured platform on one asyncio loop, one quiz scheduler, a clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO, cast

from bot.logging_setup import LoggedCore
from bot.platforms import PLATFORMS, StartError, check_credentials, choose_platforms

__all__ = ["PLATFORMS", "Runtime", "StartError", "Started", "check_credentials", "choose_platforms"]

if TYPE_CHECKING:
    from bot.core import Reply, StudyBot
    from bot.settings import Settings

log = logging.getLogger("studybot.runtime")

GRACE_SECONDS = 10.0
SCHEDULER_INTERVAL = 30.0


Starter = Callable[["StudyBot", "Settings"], Awaitable["Started"]]
SchedulerFactory = Callable[["StudyBot", dict[str, Any], Callable[[], datetime]], Any]


@dataclass
class Started:
    """One running platform: its quiz publisher and how to stop it."""

    name: str
    publisher: Any
    close: Callable[[], Awaitable[None]]
    # Ends if the platform's connection is lost for good (e.g. the token was revoked).
    connection: asyncio.Future[Any] | None = None
    # Called the moment a stop is asked for: refuse new events at once (HTTP answers 503).
    refuse_new: Callable[[], None] | None = None


class Runtime:
    """Serves the chosen platforms until SIGTERM, Ctrl-C or (terminal only) the end of input."""

    def __init__(
        self,
        settings: Settings,
        platforms: Sequence[str],
        *,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        grace: float = GRACE_SECONDS,
        starters: Mapping[str, Starter] | None = None,
        scheduler: SchedulerFactory | None = None,
    ) -> None:
        self.settings = settings
        self.platforms = list(platforms)
        self.stdin, self.stdout, self.clock, self.grace = stdin, stdout, clock, grace
        self.starters = starters or {"slack": _start_slack, "discord": _start_discord}
        self.make_scheduler = scheduler or make_scheduler
        self.stopping = asyncio.Event()
        self.started: list[Started] = []
        self.tasks: list[asyncio.Task[None]] = []

    def stop(self, reason: str = "asked to stop") -> None:
        """Stop taking new events; `serve` then finishes in-flight work and returns."""
        if not self.stopping.is_set():
            log.info("stopping: %s", reason)
            self.stopping.set()
            for started in self.started:
                if started.refuse_new is not None:
                    started.refuse_new()

    async def serve(self) -> int:
        """Start everything, wait for a stop, shut down within the grace period; the exit code."""
        self._install_signal_handlers()
        bot = await asyncio.to_thread(open_bot, self.settings)
        code = 0
        try:
            if not self.stopping.is_set():
                await self._start(bot)
                log.info("serving %s", ", ".join(self.platforms))
                code = await self._until_stopped()
        finally:
            self.stopping.set()
            await self._shutdown()
            await asyncio.to_thread(close_bot, bot)
            log.info("stopped")
        return code

    async def _until_stopped(self) -> int:
        """Wait for a stop; 1 if a platform's connection ended first, so a supervisor restarts us
        rather than leave a bot running that no longer hears one of its platforms."""
        stop = asyncio.ensure_future(self.stopping.wait())
        watched = {s.connection: s.name for s in self.started if s.connection is not None}
        done, _ = await asyncio.wait({stop, *watched}, return_when=asyncio.FIRST_COMPLETED)
        if stop in done:
            return 0
        stop.cancel()
        for ended in done:
            reason = None if ended.cancelled() else ended.exception()
            log.error(
                "%s: the connection ended for good (%s); stopping so the process is restarted",
                watched[ended],
                reason or "closed",
            )
        return 1

    async def _start(self, bot: StudyBot) -> None:
        for name in self.platforms:
            if name == "terminal":
                from bot.adapters.terminal import TerminalPublisher

                self.started.append(Started(name, TerminalPublisher(self._say), _nothing))
                self.tasks.append(asyncio.create_task(self._terminal(bot)))
                continue
            started = await self._unless_stopped(self.starters[name](bot, self.settings))
            if started is None:
                log.info("%s: stopped while starting", name)
                return
            self.started.append(started)
            log.info("%s started", name)
        publishers = {s.name: s.publisher for s in self.started}
        scheduler = self.make_scheduler(bot, publishers, self.clock)
        self.tasks.append(asyncio.create_task(self._schedule(scheduler)))

    async def _unless_stopped(self, starting: Awaitable[Started]) -> Started | None:
        """The platform once started, or None when a stop came first (a start that keeps retrying
        an unreachable Slack must not make the process unstoppable)."""
        start = asyncio.ensure_future(starting)
        stop = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({start, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if start.done():
            return start.result()
        start.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await start
        return None

    async def _shutdown(self) -> None:
        """In-flight work first (a quiz being posted needs its platform), then the platforms."""
        deadline = time.monotonic() + self.grace
        if self.tasks:
            _, late = await asyncio.wait(self.tasks, timeout=self.grace)
            for task in late:
                log.warning("in-flight work did not finish within %ss; cancelled", self.grace)
                task.cancel()
        for started in reversed(self.started):
            remaining = max(0.1, deadline - time.monotonic())
            try:
                await asyncio.wait_for(started.close(), remaining)
            except TimeoutError:
                log.warning("%s did not close within the grace period", started.name)
            except Exception:
                log.exception("%s failed to close cleanly", started.name)

    async def _schedule(self, scheduler: Any) -> None:
        while not self.stopping.is_set():
            try:
                await scheduler.tick()
            except Exception:
                log.exception("quiz scheduler tick failed; trying again in %ss", SCHEDULER_INTERVAL)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), SCHEDULER_INTERVAL)

    async def _terminal(self, bot: StudyBot) -> None:
        from bot.adapters.terminal import (
            is_interactive,
            read_lines,
            terminal_caller,
            to_terminal_text,
        )

        caller = terminal_caller("you", "general", self.settings.admin_ids)
        core = LoggedCore(bot, "terminal")

        async def handle(line: str) -> Reply:
            try:
                return await asyncio.to_thread(core.handle, caller, line, self.clock())
            except Exception:
                log.exception("terminal message failed")
                from bot.core import Reply

                return Reply("Something went wrong; the log has the details.", "error")

        if is_interactive(self.stdin, self.stdout):
            await self._prompt(handle)
        else:
            lines = read_lines(self.stdin)
            while (line := await self._next_line(lines)) is not None:
                if line.strip():
                    self._say(to_terminal_text(await handle(line)) + "\n\n")
        if self.platforms == ["terminal"]:
            self.stop("end of input")

    async def _prompt(self, handle: Callable[[str], Awaitable[Reply]]) -> None:
        """The line editor until `quit`, Ctrl-D, Ctrl-C or a stop signal; while it runs, what
        the bot says unasked (a scheduled quiz) goes through sys.stdout, printed above the prompt."""
        from bot.adapters.terminal import history_path, prompt_loop

        def above_the_prompt() -> None:
            self.stdout = sys.stdout

        history = history_path(self.settings.database_url)
        original = self.stdout
        chat = asyncio.ensure_future(prompt_loop("you", handle, history, above_the_prompt))
        stop = asyncio.ensure_future(self.stopping.wait())
        try:
            await asyncio.wait({chat, stop}, return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            if not chat.done():
                chat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await chat
        finally:
            self.stdout = original

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    async def _next_line(self, lines: asyncio.Queue[str | None]) -> str | None:
        """The next input line, or None at end of input or when stopping."""
        get = asyncio.ensure_future(lines.get())
        stop = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({get, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if get.done():
            return get.result()
        get.cancel()
        return None

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.stop, signal.Signals(sig).name)


async def _nothing() -> None:
    return None


def open_bot(settings: Settings) -> StudyBot:
    """The bot with its database, migrated to head (the quiz helper's bootstrap)."""
    from bot.bootstrap import build_bot

    return build_bot(settings)


def close_bot(bot: StudyBot) -> None:
    """Close the database behind `bot`, its shared writer connection included."""
    bot.close()


def make_scheduler(bot: StudyBot, publishers: dict[str, Any], clock: Callable[[], datetime]) -> Any:
    """One QuizScheduler over every started platform's publisher."""
    from bot.scheduler import QuizScheduler

    return QuizScheduler(bot, publishers, clock, SCHEDULER_INTERVAL)


async def _start_slack(bot: StudyBot, settings: Settings) -> Started:
    from bot.adapters.slack import start_slack

    async def health() -> bool:
        return await asyncio.to_thread(database_answers, settings.database_url)

    runtime = await start_slack(LoggedCore(bot, "slack"), settings, health=health)

    def refuse_new() -> None:
        runtime.inflight.closing = True

    return Started("slack", runtime.publisher, runtime.close, runtime.connection, refuse_new)


async def _start_discord(bot: StudyBot, settings: Settings) -> Started:
    from bot.adapters.discord import start_discord

    runtime = await start_discord(cast("StudyBot", LoggedCore(bot, "discord")), settings)
    return Started("discord", runtime.publisher, runtime.close, runtime.connection)


def database_answers(url: str) -> bool:
    """True when the database at `url` answers a trivial query."""
    from bot.doctor import ping_database

    return ping_database(url) is None


def run_until_stopped(settings: Settings, platforms: Sequence[str]) -> int:
    """Serve `platforms` (see `choose_platforms`) until stopped; the process exit code."""
    return asyncio.run(Runtime(settings, platforms).serve())
