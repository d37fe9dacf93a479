"""A process SIGKILLed while recording answers and scoring leaves a sound database: integrity_check
passes, and a quiz's scores are either all there or not at all."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = r"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from bot.core import Caller, ChannelRef, Player, StudyBot, load_knowledge
from bot.core.knowledge import default_knowledge_dir
from bot.storage.engine import make_engine
from bot.storage.migrate import upgrade
from bot.storage.repository import SqlQuizStore

engine = make_engine(sys.argv[1]); upgrade(engine)
kb = load_knowledge(default_knowledge_dir() / "topics", Path(sys.argv[2]))
bot = StudyBot(kb, store=SqlQuizStore(engine))
now = datetime(2024, 3, 4, 10, tzinfo=UTC)
for day in range(1, 1000):
    ref = ChannelRef("terminal", "local", f"c{day}")
    admin = Caller(Player("terminal", "local", "boss"), ref, is_admin=True)
    quiz = bot.handle(admin, "quiz", now)
    for i in range(200):
        bot.press(Caller(Player("terminal", "local", f"u{i}"), ref), quiz.choices[i % 4].value, now)
        if day == 1 and i == 10:
            print("recording", flush=True)
    bot.handle(admin, "quiz reveal", now)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.2, 0.7, 1.5])
def test_sigkill_mid_recording_leaves_a_sound_database(tmp_path: Path, delay: float) -> None:
    db = tmp_path / "crash.db"
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "quiz"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, f"sqlite:///{db}", str(fixtures)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "recording"
    time.sleep(delay)  # a short wait so the kill lands at different points of the work
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    quizzes = conn.execute("SELECT id, revealed_at IS NOT NULL FROM quizzes").fetchall()
    assert quizzes
    for quiz_id, _revealed in quizzes:
        count = conn.execute(
            "SELECT count(*) FROM answers WHERE quiz_id = ?", (quiz_id,)
        ).fetchone()[0]
        assert count <= 200, "one answer per person"
    revealed_answers = conn.execute(
        "SELECT count(*) FROM answers a JOIN quizzes q ON q.id = a.quiz_id WHERE q.revealed_at IS NOT NULL"
    ).fetchone()[0]
    scored = conn.execute(
        "SELECT coalesce(sum(answered), 0) FROM scores WHERE period = 'all'"
    ).fetchone()[0]
    topic_scored = conn.execute("SELECT coalesce(sum(answered), 0) FROM topic_scores").fetchone()[0]
    assert scored == topic_scored == revealed_answers, "a quiz is scored entirely or not at all"
    conn.close()
