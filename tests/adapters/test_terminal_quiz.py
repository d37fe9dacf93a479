"""The terminal chat end to end: the real `studybot chat` process, driven through piped stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def studybot(args: list[str], db: Path, stdin: str = "") -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=db.parent,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quiz_answer_reveal_leaderboard_stats_through_stdin(tmp_path: Path) -> None:
    db = tmp_path / "chat.db"
    script = "quiz\nanswer B\nanswer C\nquiz reveal\nleaderboard\nstats\n"
    replies = studybot(["chat", "--user", "alice"], db, script).strip().split("\n\n")
    quiz, first, second, reveal, board, stats = replies
    assert "A) " in quiz and "D) " in quiz and "answer A" in quiz
    assert first.startswith("Locked in: B)")
    assert "already answered" in second and "(B)" in second
    assert "Answer: " in reveal and "1 answered" in reveal
    assert "alice" in board and "Leaderboard" in board
    assert stats.startswith("Stats for alice") and "Answered: 1" in stats
    # The scripts' view of the same workspace.
    rows = json.loads(studybot(["leaderboard", "--period", "all", "--json"], db))
    assert rows[0]["user"] == "alice" and rows[0]["answered"] == 1 and rows[0]["rank"] == 1
    assert set(rows[0]) == {"user", "points", "correct", "answered", "streak", "rank"}
    alice = json.loads(studybot(["stats", "--user", "alice", "--json"], db))
    assert alice["answered"] == 1
    assert json.loads(studybot(["leaderboard", "--json", "--workspace", "other"], db)) == []


def test_db_backup_copies_a_live_database(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    studybot(["chat", "--user", "bob"], db, "quiz\nanswer A\n")
    out = studybot(["db", "backup", str(tmp_path / "copy.db")], db)
    assert "backed up" in out
    rows = json.loads(studybot(["leaderboard", "--json", "--period", "all"], tmp_path / "copy.db"))
    assert rows == []  # bob's answer is recorded but not revealed yet: nothing on the board
    import sqlite3

    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT count(*) FROM answers").fetchone() == (1,)
