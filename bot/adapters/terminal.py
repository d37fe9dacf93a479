"""The terminal chat: every feature with no tokens, interactive or from piped stdin.

Interactive, it reads with prompt_toolkit (arrow keys, Ctrl-A/E, history kept under the data
directory, messages printed above the prompt); piped, one message a line, exactly as typed."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.core import Caller, ChannelRef, Player, Reply, StudyBot

PLATFORM = "terminal"
WORKSPACE = "local"
WELCOME = "studybot: ask me about AWS compute; `help` lists commands, `quit` leaves."
HISTORY_FILE = "chat_history"
LEAVE = ("quit", "exit")


def to_terminal_text(reply: Reply) -> str:
    """Plain text, with a quiz's choices as a numbered list to answer with `answer B` or `answer 2`.
    Keyless choices (a comparison's "Full table") are buttons elsewhere; here the text says `more`."""
    lines = [reply.text]
    keyed = [c for c in reply.choices if c.key]
    if keyed and not all(f"{c.key}) " in reply.text for c in keyed):
        lines += [f"  {c.key}) {c.label}" for c in keyed]
    return "\n".join(lines)


def terminal_caller(user: str, channel: str, admins: frozenset[str] = frozenset()) -> Caller:
    """The person at the terminal: the user name is their id here. They administer the chat when
    STUDYBOT_ADMINS (`admins`) is unset, else only when it names them."""
    player = Player(PLATFORM, WORKSPACE, user, user)
    is_admin = not admins or user in admins
    return Caller(player, ChannelRef(PLATFORM, WORKSPACE, channel), is_admin=is_admin)


def history_path(database_url: str) -> Path:
    """Where the chat keeps its input history: beside a SQLite database, else in ./data."""
    prefix = "sqlite:///"
    if database_url.startswith(prefix) and database_url[len(prefix) :] not in ("", ":memory:"):
        return Path(database_url[len(prefix) :]).parent / HISTORY_FILE
    return Path("data") / HISTORY_FILE


def is_interactive(stdin: TextIO, stdout: TextIO) -> bool:
    """A person at a terminal (both ends); anything piped keeps the plain line reader."""
    return stdin.isatty() and stdout.isatty()


async def prompt_loop(
    user: str,
    handle: Callable[[str], Awaitable[Reply]],
    history: Path | None,
    started: Callable[[], None] = lambda: None,
) -> None:
    """Read lines with editing and history until `quit`, Ctrl-D or Ctrl-C; print each reply.
    While it runs, anything written to sys.stdout (a scheduled quiz) appears above the prompt;
    `started` is called once that is so."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.patch_stdout import patch_stdout

    session: PromptSession[str] = PromptSession(history=_history(history))
    with patch_stdout(raw=True):
        started()
        print(WELCOME)
        while True:
            try:
                line = await session.prompt_async(f"{user}> ")
            except (EOFError, KeyboardInterrupt):
                break
            if line.strip().casefold() in LEAVE:
                break
            if line.strip():
                print(to_terminal_text(await handle(line)) + "\n")


def _history(path: Path | None):  # type: ignore[no-untyped-def]
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError:  # a read-only data folder costs the history, not the chat
        return InMemoryHistory()
    return FileHistory(str(path))


def run_chat(
    bot: StudyBot,
    *,
    user: str = "you",
    channel: str = "general",
    admins: frozenset[str] = frozenset(),
    history: Path | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Chat until end of input or `quit`: with line editing at a terminal, else a line at a time."""
    caller = terminal_caller(user, channel, admins)
    if is_interactive(stdin, stdout):

        async def handle(line: str) -> Reply:
            return await asyncio.to_thread(bot.handle, caller, line, clock())

        asyncio.run(prompt_loop(user, handle, history))
        return
    for line in iter(stdin.readline, ""):
        if line.strip():
            stdout.write(to_terminal_text(bot.handle(caller, line, clock())) + "\n\n")
            stdout.flush()


class TerminalPublisher:
    """Prints the scheduled quiz, and later its reveal, into the terminal chat (above the prompt
    when a person is typing there)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.count = 0

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        self.count += 1
        self.say(f"[#{channel.channel_id}] {to_terminal_text(reply)}\n\n")
        return f"terminal-{self.count}"

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        await self.post(channel, reply)


def read_lines(stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `stdin` from a daemon thread (a blocking read must not hold up the exit); None ends."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        for line in iter(stdin.readline, ""):
            if not put_line(loop, queue, line):
                return
        put_line(loop, queue, None)

    threading.Thread(target=pump, name="terminal-stdin", daemon=True).start()
    return queue


def put_line(
    loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None], item: str | None
) -> bool:
    try:
        loop.call_soon_threadsafe(queue.put_nowait, item)
    except RuntimeError:  # the loop has closed: the process is exiting
        return False
    return True
