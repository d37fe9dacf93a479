"""The terminal chat: every feature with no tokens, interactive or from piped stdin."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from bot.core import Caller, ChannelRef, Player, Reply, StudyBot

PLATFORM = "terminal"
WORKSPACE = "local"


def to_terminal_text(reply: Reply) -> str:
    """Plain text, with a quiz's choices as a numbered list to answer with `answer B` or `answer 2`.
    Keyless choices (a comparison's "Full table") are buttons elsewhere; here the text says `more`."""
    lines = [reply.text]
    keyed = [c for c in reply.choices if c.key]
    if keyed and not all(f"{c.key}) " in reply.text for c in keyed):
        lines += [f"  {c.key}) {c.label}" for c in keyed]
    return "\n".join(lines)


def terminal_caller(user: str, channel: str) -> Caller:
    """The person at the terminal: the user name is their id here, and they administer the chat."""
    player = Player(PLATFORM, WORKSPACE, user, user)
    return Caller(player, ChannelRef(PLATFORM, WORKSPACE, channel), is_admin=True)


def run_chat(
    bot: StudyBot,
    *,
    user: str = "you",
    channel: str = "general",
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Read messages a line at a time and print each reply until end of input or `quit`."""
    caller = terminal_caller(user, channel)
    interactive = stdin.isatty()
    if interactive:
        stdout.write("studybot: ask me about AWS compute; `help` lists commands, `quit` leaves.\n")
    while True:
        if interactive:
            stdout.write(f"{user}> ")
            stdout.flush()
        line = stdin.readline()
        if not line or (interactive and line.strip().casefold() in ("quit", "exit")):
            break
        if not line.strip() and not interactive:
            continue
        reply = bot.handle(caller, line, clock())
        stdout.write(to_terminal_text(reply) + "\n\n")
        stdout.flush()
