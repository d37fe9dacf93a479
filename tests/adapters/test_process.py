"""The real `studybot run` and `studybot doctor` processes, as an operator starts and stops them."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from fakes import free_port
from fakes.discord_api import TOKEN as DISCORD_TOKEN
from fakes.discord_api import FakeDiscord
from fakes.slack import BOT_TOKEN, FORM, SIGNING_SECRET, FakeSlack, command_fields, signed_headers

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GRACE = 10.0


def clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The caller's environment minus every studybot setting, plus `values`."""
    ours = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "PORT", "HOST", "KNOWLEDGE_DIR")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'studybot.db'}", "PYTHONPATH": str(ROOT)}
    return env | values


def studybot(
    tmp_path: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no stray .env from the checkout
        env=clean_env(tmp_path, **env),
        timeout=120,
    )


async def start(tmp_path: Path, *args: str, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        cwd=tmp_path,
        env=clean_env(tmp_path, **env),
        stdin=asyncio.subprocess.PIPE,  # left open: the terminal waits on it
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop(proc: asyncio.subprocess.Process, sig: int = signal.SIGTERM) -> tuple[int, str]:
    """Signal the process; its exit code within the grace period (plus start-up slack), and its log."""
    proc.send_signal(sig)
    began = time.monotonic()
    _, err = await asyncio.wait_for(proc.communicate(), GRACE + 5)
    assert time.monotonic() - began < GRACE + 1
    assert proc.returncode is not None
    return proc.returncode, err.decode()


async def wait_for_line(
    proc: asyncio.subprocess.Process, fragment: str, timeout: float = 60
) -> str:
    """Read stderr until a line containing `fragment`; what was read so far."""
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = await asyncio.wait_for(proc.stderr.readline(), deadline - time.monotonic())
        if not line:
            break
        seen.append(line.decode())
        if fragment in seen[-1]:
            return "".join(seen)
    raise AssertionError(f"no {fragment!r} in the log:\n{''.join(seen)}")


# --- the terminal, with no tokens --------------------------------------------------------------


def test_with_no_tokens_it_chats_on_stdin_and_exits_0_at_the_end(tmp_path: Path) -> None:
    done = studybot(tmp_path, "run", stdin="what is fargate\nhelp\n")

    assert done.returncode == 0, done.stderr
    assert "serverless compute engine for containers" in done.stdout
    assert "leaderboard [week|month|all]" in done.stdout
    assert "platform=terminal command=ask" in done.stderr
    assert (tmp_path / "studybot.db").exists()  # migrated at start


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_signal_exits_0_within_the_grace_period(tmp_path: Path, sig: int) -> None:
    proc = await start(tmp_path)
    await wait_for_line(proc, "serving terminal")
    code, log = await stop(proc, sig)

    assert code == 0, log
    assert f"stopping: {signal.Signals(sig).name}" in log
    assert log.rstrip().endswith("stopped")


def test_a_malformed_setting_stops_the_start_with_one_line_naming_it(tmp_path: Path) -> None:
    done = studybot(tmp_path, "run", PORT="abc")

    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0
    assert "PORT" in done.stderr and "integer" in done.stderr
    assert not (tmp_path / "studybot.db").exists()


def test_a_platform_asked_for_without_its_token_names_the_setting(tmp_path: Path) -> None:
    done = studybot(tmp_path, "run", "--platform", "discord")

    assert done.returncode != 0
    assert done.stderr.strip() == (
        "Error: setting DISCORD_TOKEN: not set; discord needs the bot token (see .env.example)"
    )


def test_json_logs_are_one_object_a_line(tmp_path: Path) -> None:
    done = studybot(tmp_path, "run", stdin="what is lambda\n", LOG_FORMAT="json")

    entries = [json.loads(line) for line in done.stderr.splitlines()]
    events = [e for e in entries if e["logger"] == "studybot.events"]
    assert [(e["platform"], e["command"], e["outcome"]) for e in events] == [
        ("terminal", "ask", "answer")
    ]
    assert events[0]["latency_ms"] >= 0


# --- doctor --------------------------------------------------------------------------------------


def test_doctor_passes_on_a_good_setup(tmp_path: Path) -> None:
    done = studybot(tmp_path, "doctor")

    assert done.returncode == 0, done.stdout
    assert done.stdout.rstrip().endswith("doctor: all good")


def test_doctor_fails_on_a_bad_database_url_and_says_how_to_fix_it(tmp_path: Path) -> None:
    done = studybot(tmp_path, "doctor", "--quick", DATABASE_URL="postgresql://bot:pw@127.0.0.1:9/x")

    assert done.returncode == 1
    assert "FAIL  database: postgresql://bot:***@127.0.0.1:9/x" in done.stdout
    assert "fix: check DATABASE_URL" in done.stdout


def test_doctor_names_a_malformed_setting(tmp_path: Path) -> None:
    done = studybot(tmp_path, "doctor", PORT="abc")

    assert done.returncode == 1
    assert "FAIL  settings: PORT:" in done.stdout and "fix: correct PORT" in done.stdout


# --- Slack and Discord in one process ----------------------------------------------------------


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeSlack, FakeDiscord]]:
    slack, discord = await FakeSlack().start(), FakeDiscord()
    await discord.start()
    yield slack, discord
    await discord.stop()
    await slack.stop()


async def test_slack_and_discord_run_together_and_stop_cleanly_without_logging_a_token(
    tmp_path: Path, fakes: tuple[FakeSlack, FakeDiscord]
) -> None:
    slack, discord = fakes
    port = free_port()
    proc = await start(
        tmp_path,
        "--slack-mode",
        "http",
        "--port",
        str(port),
        LOG_LEVEL="DEBUG",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.base_url,
        DISCORD_TOKEN=DISCORD_TOKEN,
        DISCORD_API_BASE=discord.api_base,
        DISCORD_GATEWAY_URL=discord.gateway_url,
    )
    try:
        early = await wait_for_line(proc, "serving slack, discord")
        await asyncio.wait_for(discord.identified.wait(), 30)
        assert discord.identify is not None and discord.identify["token"] == DISCORD_TOKEN

        base = f"http://127.0.0.1:{port}"
        body = urlencode(command_fields("what is fargate", slack.response_url))
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as health:
                assert health.status == 200
            async with http.post(
                f"{base}/slack/events", data=body, headers=signed_headers(body, FORM)
            ) as r:
                assert r.status == 200
        [hook] = await slack.wait_for("webhook", timeout=30)
        assert "Fargate" in hook.body["text"]
    finally:
        code, log = await stop(proc)
    log = early + log

    assert code == 0, log
    assert "platform=slack command=ask" in log
    assert log.rstrip().endswith("stopped")
    for secret in (BOT_TOKEN, SIGNING_SECRET, DISCORD_TOKEN):
        assert secret not in log
