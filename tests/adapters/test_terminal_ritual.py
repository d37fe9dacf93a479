"""The ritual in the terminal: the same `config` and `remind` words, and the scheduler printing
the card in the channel's time zone, the reminder DM, the reveal thread and the weekly recap."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from bot.adapters.terminal import TerminalPublisher, terminal_caller, to_terminal_text
from bot.bootstrap import build_bot
from bot.core import KnowledgeBase
from bot.scheduler import QuizScheduler
from bot.settings import Settings

MONDAY = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


async def test_the_terminal_prints_local_times_reminders_the_thread_and_the_recap(
    tmp_path: Path, kb: KnowledgeBase
):
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")  # type: ignore[call-arg]
    bot = build_bot(settings, now=lambda: MONDAY, kb=kb)
    you = terminal_caller("you", "general")
    for words in ("config timezone Europe/Berlin", "config recap fri 16:00", "remind on"):
        reply = bot.handle(you, words, MONDAY)
        assert reply.kind != "error", reply.text
    out = io.StringIO()
    loop = QuizScheduler(bot, {"terminal": TerminalPublisher(out.write)}, clock=lambda: MONDAY)

    await loop.tick(datetime(2025, 3, 4, 8, 0, 30, tzinfo=UTC))  # 09:00 in Berlin
    assert "[#general] Quiz of Tue 2025-03-04" in out.getvalue()
    assert "before Wed 2025-03-05 08:00 CET" in out.getvalue()  # 1h before the next post, local
    await loop.tick(datetime(2025, 3, 5, 6, 30, tzinfo=UTC))
    assert "[DM to you] Reminder: the daily quiz closes Wed 2025-03-05 08:00 CET" in out.getvalue()
    await loop.tick(datetime(2025, 3, 5, 7, 1, tzinfo=UTC))
    assert "[#general thread] Answer: " in out.getvalue() and "Why: " in out.getvalue()
    await loop.tick(datetime(2025, 3, 7, 15, 0, 30, tzinfo=UTC))  # Friday 16:00 in Berlin
    assert "[#general] Weekly recap, week of Mon 2025-03-03" in out.getvalue()
    assert "Most missed" not in out.getvalue()  # nobody answered: no question to single out
    help_text = to_terminal_text(bot.handle(you, "help", MONDAY))
    assert "remind on" in help_text
    bot.close()
