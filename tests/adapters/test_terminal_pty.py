"""The terminal chat at a real pseudo-terminal, as a person types: line editing, history kept under
the data directory, Ctrl-D / Ctrl-C / `quit` leaving the shell on a fresh line, and who is admin."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
OURS = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "PORT", "HOST", "KNOWLEDGE_DIR", "STUDYBOT_")
CTRL_A, CTRL_C, CTRL_D, UP, LEFT = "\x01", "\x03", "\x04", "\x1b[A", "\x1b[D"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


class Terminal:
    """`studybot ARGS` on a pseudo-terminal: `type` keys, `expect` text on the screen."""

    def __init__(self, cwd: Path, *args: str, **env: str) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
        clean |= {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite:///{cwd / 'data' / 'studybot.db'}",
            "TERM": "xterm",
            "COLUMNS": "200",
            "LINES": "50",
        }
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=clean | env,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.raw = b""

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        if not chunk:
            return False
        self.raw += chunk
        # Answer the cursor-position query a real terminal answers, so the editor need not wait.
        if b"\x1b[6n" in chunk:
            os.write(self.master, b"\x1b[1;1R")
        return True

    @property
    def screen(self) -> str:
        return ANSI.sub("", self.raw.decode(errors="replace"))

    def expect(self, text: str, timeout: float = 60, after: int = 0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.screen.find(text, after)
            if found >= 0:
                return found + len(text)
            if not self._read(0.2):
                break
        raise AssertionError(f"{text!r} not on the screen:\n{self.screen[-3000:]}")

    def wait(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0.05) and self.proc.poll() is not None and len(self.raw) < 10**7:
            if not select.select([self.master], [], [], 0)[0]:
                break
        code = self.proc.wait(1)
        os.close(self.master)
        return code


@pytest.mark.parametrize("command", [("chat",), ("run",)])
def test_line_editing_and_history_at_a_real_terminal(tmp_path: Path, command: tuple[str, ...]):
    term = Terminal(tmp_path, *command)
    seen = term.expect("you>")
    term.type("fargate")
    term.type(CTRL_A + "what is ")  # Ctrl-A jumps to the start of the line
    term.type(LEFT + LEFT + "\r")  # arrows move the cursor, they type nothing
    seen = term.expect("serverless compute engine for containers", after=seen)
    seen = term.expect("you>", after=seen)
    term.type(UP + "\r")  # Up brings the last question back
    seen = term.expect("serverless compute engine for containers", after=seen)
    term.expect("you>", after=seen)
    term.type(CTRL_D)

    assert term.wait() == 0
    assert "^[[" not in term.screen and "I don't know" not in term.screen
    assert term.screen.rstrip(" ").endswith("\n")  # the shell prompt starts on a new line
    history = (tmp_path / "data" / "chat_history").read_text()
    assert history.count("+what is fargate") == 1  # a repeat is not stored twice

    again = Terminal(tmp_path, *command)  # the history outlives the session
    seen = again.expect("you>")
    again.type(UP + "\r")
    seen = again.expect("serverless compute engine for containers", after=seen)
    again.expect("you>", after=seen)
    again.type(CTRL_D)
    assert again.wait() == 0


@pytest.mark.parametrize("leave", [CTRL_C, "quit\r", "exit\r"])
def test_ctrl_c_and_quit_end_the_chat_on_a_fresh_line(tmp_path: Path, leave: str):
    term = Terminal(tmp_path, "chat")
    term.expect("you>")
    term.type(leave)
    assert term.wait() == 0
    assert term.screen.rstrip(" ").endswith("\n")


def test_a_named_admin_list_keeps_others_from_configuring(tmp_path: Path):
    term = Terminal(tmp_path, "chat", "--user", "mallory", STUDYBOT_ADMINS="alice")
    seen = term.expect("you>".replace("you", "mallory"))
    term.type("config time 10:00\r")
    seen = term.expect("needs an admin", after=seen)
    term.expect("mallory>", after=seen)
    term.type(CTRL_D)
    assert term.wait() == 0


def test_the_interactive_chat_keeps_info_logs_out_of_the_conversation(tmp_path: Path):
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    term = Terminal(tmp_path, "run")
    seen = term.expect("you>")
    term.type("what is lambda\r")
    seen = term.expect("AWS Lambda", after=seen)
    term.expect("you>", after=seen)
    term.type(CTRL_D)
    assert term.wait() == 0
    assert "INFO" not in term.screen and "latency_ms" not in term.screen


def test_piped_input_is_read_exactly_as_before(tmp_path: Path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="what is fargate\n\nquit\nhelp\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean | {"PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "you>" not in done.stdout and "studybot: ask me" not in done.stdout
    assert "serverless compute engine for containers" in done.stdout
    assert "leaderboard [week|month|all]" in done.stdout  # `quit` is a question when piped
    assert not (tmp_path / "data").exists()


def test_a_scheduled_quiz_is_printed_and_the_prompt_comes_back(tmp_path: Path):
    """The daily quiz of the terminal's channel, due now, appears in the chat of `studybot run`,
    with the prompt after it, ready to answer."""
    import sqlite3

    clean = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    db = tmp_path / "data" / "studybot.db"
    env = clean | {"PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{db}"}
    setup = "config time 00:00\nconfig window 24h\nconfig days mon-sun\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=setup,
        env=env,
        cwd=tmp_path,
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:  # signed up long ago: today's 00:00 post is due now
        conn.execute("UPDATE channels SET scheduled_at = '2000-01-01 00:00:00'")

    term = Terminal(tmp_path, "run")
    seen = term.expect("[#general] Quiz of")
    seen = term.expect("Answer with `answer A`", after=seen)
    term.expect("you>", after=seen)
    term.type("answer a\r")
    seen = term.expect("Locked in: A)", after=seen)
    term.expect("you>", after=seen)
    term.type(CTRL_D)
    assert term.wait() == 0


def test_a_quiz_arriving_while_a_line_is_half_typed_keeps_the_line(tmp_path: Path):
    """The scheduler posts while the person is mid-question: the quiz appears above the prompt,
    the prompt comes back with the half-typed text, and finishing the line asks the whole question."""
    import sqlite3

    clean = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    db = tmp_path / "data" / "studybot.db"
    env = clean | {"PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{db}"}
    setup = "config time 00:00\nconfig window 24h\nconfig days mon-sun\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=setup,
        env=env,
        cwd=tmp_path,
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:  # signed up "tomorrow": nothing is due at the start
        conn.execute("UPDATE channels SET scheduled_at = '2999-01-01 00:00:00'")

    term = Terminal(tmp_path, "run")
    seen = term.expect("you>")
    term.type("what is far")
    seen = term.expect("what is far", after=seen)
    with sqlite3.connect(db) as conn:  # now today's post is due: the next tick (30 s) posts it
        conn.execute("UPDATE channels SET scheduled_at = '2000-01-01 00:00:00'")
    seen = term.expect("[#general] Quiz of", after=seen, timeout=90)
    seen = term.expect("you> what is far", after=seen)  # the prompt, below, with the text kept
    term.type("gate\r")
    seen = term.expect("serverless compute engine for containers", after=seen)
    term.expect("you>", after=seen)
    term.type(CTRL_D)
    assert term.wait() == 0
    assert "what is fargate" in (tmp_path / "data" / "chat_history").read_text()
