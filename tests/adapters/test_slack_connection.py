"""Slack refusing or unreachable: a refused token ends `studybot run` at once with one line; an
unreachable Slack is retried and a stop signal still ends the process; a revoked token after the
start is noticed."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from fakes import free_port
from fakes.slack import APP_TOKEN, BOT_TOKEN, FakeSlack, slack_settings

import bot.adapters.slack.connection as connection
from bot.adapters.slack import start_slack
from bot.adapters.slack.connection import SlackRefused

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GRACE = 10.0
OURS = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "PORT", "HOST", "KNOWLEDGE_DIR")


async def socket_mode_run(tmp_path: Path, api_url: str) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env |= {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'studybot.db'}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": api_url,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_for_log(proc: asyncio.subprocess.Process, fragment: str) -> str:
    assert proc.stderr is not None
    seen = ""
    while fragment not in seen:
        line = await asyncio.wait_for(proc.stderr.readline(), 60)
        assert line, f"exited before {fragment!r}:\n{seen}"
        seen += line.decode()
    return seen


@pytest.mark.parametrize("refused", [APP_TOKEN, BOT_TOKEN])
async def test_a_refused_token_ends_the_start_at_once_with_one_line(
    tmp_path: Path, fake_slack: FakeSlack, refused: str
) -> None:
    fake_slack.revoked.add(refused)
    proc = await socket_mode_run(tmp_path, fake_slack.base_url)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    log = err.decode()

    assert proc.returncode == 1, log
    assert "Traceback" not in log
    name = "SLACK_APP_TOKEN" if refused == APP_TOKEN else "SLACK_BOT_TOKEN"
    assert log.rstrip().splitlines()[-1].startswith(f"Error: Slack refused {name}: invalid_auth;")
    assert refused not in log


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("unreachable", ["web api", "websocket"])
async def test_an_unreachable_slack_is_retried_and_a_signal_still_stops_it(
    tmp_path: Path, fake_slack: FakeSlack, sig: int, unreachable: str
) -> None:
    nowhere = f"127.0.0.1:{free_port()}"
    if unreachable == "websocket":
        fake_slack.socket_url = f"ws://{nowhere}/link"
        api_url = fake_slack.base_url
    else:
        api_url = f"http://{nowhere}/api/"
    proc = await socket_mode_run(tmp_path, api_url)
    early = await wait_for_log(proc, "retrying in")
    proc.send_signal(sig)
    began = time.monotonic()
    _, err = await asyncio.wait_for(proc.communicate(), GRACE + 5)
    log = early + err.decode()

    assert time.monotonic() - began < GRACE
    assert proc.returncode == 0, log
    assert f"stopping: {signal.Signals(sig).name}" in log
    assert "Traceback" not in log


async def test_a_token_revoked_after_the_start_ends_the_watched_connection(
    fake_slack: FakeSlack, bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "WATCH_SECONDS", 0.2)
    runtime = await start_slack(bot, slack_settings(fake_slack))
    try:
        await fake_slack.connected()
        assert runtime.connection is not None
        await asyncio.sleep(0.5)
        assert not runtime.connection.done()  # healthy: the watch goes on

        fake_slack.revoked.add(APP_TOKEN)
        await fake_slack.drop_sockets()
        with pytest.raises(SlackRefused, match="Slack refused SLACK_APP_TOKEN: invalid_auth"):
            await asyncio.wait_for(runtime.connection, 30)
    finally:
        await asyncio.wait_for(runtime.close(), 10)


async def test_the_app_does_not_warn_about_the_token_at_every_start(
    fake_slack: FakeSlack, bot, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    from bot.adapters.slack import build_slack_app

    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)  # bolt reads it by itself, as in production
    with caplog.at_level(logging.DEBUG):
        build_slack_app(bot, slack_settings(fake_slack))
    assert "will be unused" not in caplog.text


async def test_socket_mode_closes_the_socket_then_finishes_acknowledged_commands(
    fake_slack: FakeSlack, bot
) -> None:
    from fakes.slack import command_fields

    runtime = await start_slack(bot, slack_settings(fake_slack))
    await fake_slack.connected()
    fake_slack.delay = 1.0  # users.info is slow: the command is still running at the stop
    fields = command_fields("what is ecs", fake_slack.response_url)
    frame = {"envelope_id": "env-slow", "type": "slash_commands", "payload": fields}
    await fake_slack.push(frame | {"accepts_response_payload": True})
    assert (await fake_slack.ack_for("env-slow")) == {"envelope_id": "env-slow"}

    await asyncio.wait_for(runtime.close(), 10)

    [hook] = fake_slack.to("webhook")  # answered before close returned
    assert "ECS" in hook.body["text"]
