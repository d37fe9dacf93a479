"""The long-running process: every configured platform on one asyncio loop, one quiz scheduler, a clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO, cast

from bot.logging_setup import LoggedCore

if TYPE_CHECKING:
    from bot.core import ChannelRef, Reply, StudyBot
    from bot.settings import Settings

log = logging.getLogger("studybot.runtime")

PLATFORMS = ("slack", "discord", "terminal")
GRACE_SECONDS = 10.0
SCHEDULER_INTERVAL = 30.0


Starter = Callable[["StudyBot", "Settings"], Awaitable["Started"]]
SchedulerFactory = Callable[["StudyBot", dict[str, Any], Callable[[], datetime]], Any]


class StartError(Exception):
    """The process cannot start with these settings; the message names the setting and the fix."""


def choose_platforms(settings: Settings, requested: Sequence[str] = ()) -> list[str]:
    """The platforms to serve: those asked for, else every one with a token set, else the terminal."""
    if requested:
        chosen = list(dict.fromkeys(requested))
    else:
        slack = settings.slack_bot_token or settings.slack_client_id  # one token, or OAuth installs
        configured = {"slack": slack, "discord": settings.discord_token}
        chosen = [name for name, token in configured.items() if token] or ["terminal"]
    for name in chosen:
        check_credentials(settings, name)
    return chosen


def check_credentials(settings: Settings, platform: str) -> None:
    """Raise StartError naming the first setting `platform` needs that is unset."""
    needed: list[tuple[str, object, str]] = []
    if platform == "slack" and settings.slack_client_id:
        needed += [
            ("SLACK_CLIENT_SECRET", settings.slack_client_secret, "it for OAuth installs"),
            ("SLACK_SIGNING_SECRET", settings.slack_signing_secret, "the signing secret"),
            ("SLACK_MODE", settings.slack_mode == "http", "http for OAuth installs"),
        ]
    elif platform == "slack":
        needed.append(("SLACK_BOT_TOKEN", settings.slack_bot_token, "the xoxb- bot token"))
        if settings.slack_mode == "socket":
            needed.append(
                (
                    "SLACK_APP_TOKEN",
                    settings.slack_app_token,
                    "the xapp- token (or SLACK_MODE=http)",
                )
            )
        else:
            needed.append(
                ("SLACK_SIGNING_SECRET", settings.slack_signing_secret, "the signing secret")
            )
    elif platform == "discord":
        needed.append(("DISCORD_TOKEN", settings.discord_token, "the bot token"))
    elif platform != "terminal":
        raise StartError(f"unknown platform {platform!r}; use one of {', '.join(PLATFORMS)}")
    for name, value, what in needed:
        if not value:
            raise StartError(f"setting {name}: not set; {platform} needs {what} (see .env.example)")


@dataclass
class Started:
    """One running platform: its quiz publisher and how to stop it."""

    name: str
    publisher: Any
    close: Callable[[], Awaitable[None]]
    # Ends if the platform's connection is lost for good (e.g. the token was revoked).
    connection: asyncio.Future[Any] | None = None


class TerminalPublisher:
    """Prints the scheduled quiz, and later its reveal, into the terminal chat."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout
        self.count = 0

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        from bot.adapters.terminal import to_terminal_text

        self.count += 1
        self.stdout.write(f"[#{channel.channel_id}] {to_terminal_text(reply)}\n\n")
        self.stdout.flush()
        return f"terminal-{self.count}"

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        await self.post(channel, reply)


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
                self.started.append(Started(name, TerminalPublisher(self.stdout), _nothing))
                self.tasks.append(asyncio.create_task(self._terminal(bot)))
            else:
                self.started.append(await self.starters[name](bot, self.settings))
                log.info("%s started", name)
        publishers = {s.name: s.publisher for s in self.started}
        scheduler = self.make_scheduler(bot, publishers, self.clock)
        self.tasks.append(asyncio.create_task(self._schedule(scheduler)))

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
        from bot.adapters.terminal import terminal_caller, to_terminal_text

        caller = terminal_caller("you", "general")
        core = LoggedCore(bot, "terminal")
        lines = _read_lines(self.stdin)
        interactive = self.stdin.isatty()
        if interactive:
            self._say("studybot: ask me about AWS compute; `help` lists commands, `quit` leaves.\n")
        while not self.stopping.is_set():
            if interactive:
                self._say("you> ")
            line = await self._next_line(lines)
            if line is None or (interactive and line.strip().casefold() in ("quit", "exit")):
                break
            if not line.strip():
                continue
            try:
                reply = await asyncio.to_thread(core.handle, caller, line, self.clock())
                text = to_terminal_text(reply)
            except Exception:
                log.exception("terminal message failed")
                text = "Something went wrong; the log has the details."
            self._say(text + "\n\n")
        if self.platforms == ["terminal"]:
            self.stop("end of input")

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


def _read_lines(stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `stdin` from a daemon thread (a blocking read must not hold up the exit); None ends."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        for line in iter(stdin.readline, ""):
            if not _put(loop, queue, line):
                return
        _put(loop, queue, None)

    threading.Thread(target=pump, name="terminal-stdin", daemon=True).start()
    return queue


def _put(
    loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None], item: str | None
) -> bool:
    try:
        loop.call_soon_threadsafe(queue.put_nowait, item)
    except RuntimeError:  # the loop has closed: the process is exiting
        return False
    return True


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
    return Started("slack", runtime.publisher, runtime.close)


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
