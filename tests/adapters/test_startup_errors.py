"""The real `studybot` process failing to start: one line naming the problem and the fix, exit 1,
a traceback only with LOG_LEVEL=DEBUG; and `doctor` refusing what `run` refuses."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fakes.discord_api import FakeDiscord

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
OURS = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "PORT", "HOST", "KNOWLEDGE_DIR", "STUDYBOT_")


def studybot(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    clean |= {"DATABASE_URL": f"sqlite:///{cwd / 'studybot.db'}", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input="",
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean | env,
        timeout=120,
    )


def assert_one_line(done: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit 1, no traceback, and exactly one `Error:` line, the last one, holding `fragments`."""
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, done.stderr
    assert done.stderr.rstrip().splitlines()[-1] == errors[0]
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    return errors[0]


def a_database_of_a_newer_release(path: Path) -> str:
    url = f"sqlite:///{path}"
    assert studybot(path.parent, "db", "upgrade", DATABASE_URL=url).returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    return url


BAD_STARTS = {
    "read-only data folder": (
        {"DATABASE_URL": "sqlite:////proc/studybot/studybot.db"},
        ("/proc/studybot", "writable"),
    ),
    "not a database": ({"DATABASE_URL": "sqlite:///{tmp}/notes.txt"}, ("not a SQLite database",)),
    "postgres not listening": (
        {"DATABASE_URL": "postgresql://bot:pw@127.0.0.1:9/x"},
        ("postgresql://bot:***@127.0.0.1:9/x", "unavailable", "Connection refused"),
    ),
    "not a url": ({"DATABASE_URL": "not a url"}, ("DATABASE_URL", "not a database URL")),
    "mysql": ({"DATABASE_URL": "mysql://u@h/db"}, ("mysql://u@h/db is not supported", "SQLite")),
    "no knowledge dir": ({"KNOWLEDGE_DIR": "/nonexistent"}, ("/nonexistent: not a directory",)),
    "yaml syntax": (
        {"KNOWLEDGE_DIR": "{tmp}/kb"},
        ("bad.yaml: YAML syntax error at line 3, column 4", "kb check"),
    ),
    "log level": ({"LOG_LEVEL": "LOUD"}, ("LOG_LEVEL", "'LOUD' is not one of DEBUG")),
}


@pytest.mark.parametrize("case", sorted(BAD_STARTS))
@pytest.mark.parametrize("command", [("run",), ("chat",)])
def test_a_bad_start_is_one_line_and_exit_1(
    tmp_path: Path, case: str, command: tuple[str, ...]
) -> None:
    (tmp_path / "notes.txt").write_text("not a database, just notes\n" * 100)
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "bad.yaml").write_text("topics:\n  - id: x\n   title: [\n")
    env, fragments = BAD_STARTS[case]
    done = studybot(tmp_path, *command, **{k: v.format(tmp=tmp_path) for k, v in env.items()})
    assert_one_line(done, *fragments)


def test_a_database_migrated_by_a_newer_release_is_named(tmp_path: Path) -> None:
    url = a_database_of_a_newer_release(tmp_path / "studybot.db")
    done = studybot(tmp_path, "run", DATABASE_URL=url)
    assert_one_line(done, "0099_from_the_future", "newer release", "backup")


def test_log_level_debug_adds_the_traceback(tmp_path: Path) -> None:
    done = studybot(tmp_path, "run", DATABASE_URL="mysql://u@h/db", LOG_LEVEL="DEBUG")
    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith("Error: setting DATABASE_URL")


@pytest.mark.parametrize(
    "args",
    [("db", "upgrade"), ("db", "backup", "out.db"), ("leaderboard",), ("stats", "--user", "a")],
)
def test_database_tools_say_one_line_too(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = studybot(tmp_path, *args, DATABASE_URL="mysql://u@h/db")
    line = assert_one_line(done, "mysql://u@h/db")
    assert "pg_dump" not in line
    assert not (tmp_path / "out.db").exists()


def test_a_failed_backup_leaves_no_file_behind(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database, just notes\n" * 100)
    url = f"sqlite:///{tmp_path / 'notes.txt'}"
    done = studybot(tmp_path, "db", "backup", "out.db", DATABASE_URL=url)
    assert_one_line(done, "backup failed")
    assert not (tmp_path / "out.db").exists()


async def test_a_refused_discord_token_is_one_line(tmp_path: Path, fake_discord: FakeDiscord):
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if not k.startswith(OURS)}
        | {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'studybot.db'}",
            "DISCORD_TOKEN": "not-the-token",
            "DISCORD_API_BASE": fake_discord.api_base,
            "DISCORD_GATEWAY_URL": fake_discord.gateway_url,
        },
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    done = subprocess.CompletedProcess([], proc.returncode, out.decode(), err.decode())
    assert_one_line(done, "Discord refused DISCORD_TOKEN", "Developer Portal")


# --- doctor refuses what run refuses --------------------------------------------------------------


def test_doctor_fails_on_a_log_level_run_refuses(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=LOUD\n")
    assert_one_line(studybot(tmp_path, "run"), "LOG_LEVEL")
    done = studybot(tmp_path, "doctor", "--quick")
    assert done.returncode == 1
    assert "FAIL  settings: LOG_LEVEL: 'LOUD' is not one of" in done.stdout


def test_an_unparsable_env_line_is_an_error_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('LOG_FORMAT=text\nPORT="3000\n')
    assert_one_line(studybot(tmp_path, "run"), ".env line 2", 'PORT="3000')
    done = studybot(tmp_path, "doctor", "--quick")
    assert done.returncode == 1
    assert "FAIL  settings: .env line 2: cannot parse" in done.stdout


def test_doctor_and_kb_check_count_the_same_questions(tmp_path: Path) -> None:
    doctor = studybot(tmp_path, "doctor", "--quick").stdout
    kb = studybot(tmp_path, "kb", "check").stdout
    count = kb.split("question bank: ")[1].split(" ")[0]
    assert f"{count} quiz questions" in doctor
