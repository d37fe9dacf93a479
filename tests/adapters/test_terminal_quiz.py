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


def test_a_scenario_a_follow_up_a_comparison_and_more_through_stdin(tmp_path: Path) -> None:
    script = (
        "our nightly report job takes 3 hours. lambda or aws batch?\n"
        "what is fargate\nhow is it priced?\n"
        "lambda vs batch\nmore\n"
        "what are step functions\n"
    )
    out = studybot(["chat", "--user", "alice"], tmp_path / "chat.db", script)
    scenario, _, priced, short, full, declined = _replies(out)
    assert "**Use AWS Batch.**" in scenario and "Not AWS Lambda" in scenario
    assert priced.startswith("AWS Fargate\nFargate pricing")
    assert 'Say "more" for the full table.' in short and ") Full table" not in short
    assert "Trigger model" in full and "Trigger model" not in short
    assert declined.startswith("AWS Step Functions isn't something I cover yet")


def _replies(out: str) -> list[str]:
    """Replies are separated by a blank line; a reply's own blank lines come before a heading,
    a bullet or `Sources:`, so split only where the next line starts a new titled reply."""
    replies: list[str] = []
    for block in out.strip().split("\n\n"):
        first = block.split("\n", 1)[0]
        continues = replies and (
            first.startswith(("•", "Sources:", "Side by side:", "Key facts:", "More:", "In short"))
            or first.startswith(("Say ", "Ask me about"))
        )
        if continues:
            replies[-1] += "\n\n" + block
        else:
            replies.append(block)
    return replies
