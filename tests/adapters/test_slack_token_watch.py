"""HTTP mode has no connection to lose, so a bot token revoked after the start is watched for:
`auth.test` on a cadence, and at once when a Web API call answers that the token is gone. A
refusal ends `studybot run` with one line and exit 1, so a supervisor restarts it (as Socket Mode
does)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import aiohttp
import pytest
from fakes import free_port
from fakes.slack import (
    BOT_TOKEN,
    JSON,
    SIGNING_SECRET,
    FakeSlack,
    event_body,
    mention,
    send,
    signed_headers,
    slack_settings,
)

import bot.adapters.slack.connection as connection
from bot.adapters.slack import start_slack
from bot.adapters.slack.connection import SlackRefused

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
OURS = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "PORT", "HOST", "KNOWLEDGE_DIR", "STUDYBOT_")


async def http_mode_run(tmp_path: Path, fake: FakeSlack, port: int) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env |= {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'studybot.db'}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
        "SLACK_MODE": "http",
        "PORT": str(port),
    }
    return await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "run", "--platform", "slack"),
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def until_healthy(http: aiohttp.ClientSession, base: str, proc) -> None:
    for _ in range(600):
        assert proc.returncode is None, "studybot exited early"
        try:
            async with http.get(f"{base}/healthz") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("studybot did not become healthy")


async def test_a_token_revoked_while_serving_http_ends_the_process_with_one_line(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    port = free_port()
    proc = await http_mode_run(tmp_path, fake_slack, port)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            await until_healthy(http, base, proc)
            fake_slack.revoked.add(BOT_TOKEN)  # an admin revokes the token, or removes the app
            body = event_body(mention("what is fargate"), "EvAfterRevoke")
            headers = signed_headers(body, JSON)
            async with http.post(f"{base}/slack/events", data=body, headers=headers) as r:
                assert r.status == 200
        # Without the watch it would serve on, deaf and mute, until killed.
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = err.decode(errors="replace")

    assert proc.returncode == 1, log[-3000:]
    refusals = [line for line in log.splitlines() if "Slack refused SLACK_BOT_TOKEN" in line]
    assert len(refusals) == 1 and "invalid_auth" in refusals[0], log[-3000:]
    assert BOT_TOKEN not in log


async def test_an_idle_http_bot_notices_a_revoked_token_on_its_next_check(
    fake_slack: FakeSlack, bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "WATCH_SECONDS", 0.2)
    settings = slack_settings(fake_slack, slack_mode="http", port=free_port(), host="127.0.0.1")
    runtime = await start_slack(bot, settings)
    try:
        assert runtime.connection is not None
        await asyncio.sleep(0.7)
        assert not runtime.connection.done()  # the token works: the watch goes on
        checks = len(fake_slack.to("auth.test"))
        assert checks >= 3  # the start's check, then the watch's

        fake_slack.revoked.add(BOT_TOKEN)  # no event arrives: only the cadence can notice
        with pytest.raises(SlackRefused, match="Slack refused SLACK_BOT_TOKEN: invalid_auth"):
            await asyncio.wait_for(runtime.connection, 10)
    finally:
        await asyncio.wait_for(runtime.close(), 10)


async def test_a_web_api_call_refused_for_the_token_triggers_the_check_at_once(
    fake_slack: FakeSlack, bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "WATCH_SECONDS", 3600.0)  # the cadence will not come
    settings = slack_settings(fake_slack, slack_mode="http", port=free_port(), host="127.0.0.1")
    runtime = await start_slack(bot, settings)
    try:
        assert runtime.connection is not None
        fake_slack.revoked.add(BOT_TOKEN)
        event = event_body(mention("what is ecs"), "EvRefused")
        await send(runtime.app, event, JSON)  # bolt's own auth.test for it is refused
        with pytest.raises(SlackRefused, match="Slack refused SLACK_BOT_TOKEN: invalid_auth"):
            await asyncio.wait_for(runtime.connection, 10)
    finally:
        await asyncio.wait_for(runtime.close(), 10)


async def test_one_bot_for_many_workspaces_has_no_single_token_to_watch(
    fake_slack: FakeSlack, bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OAuth installs each bring their own token; an uninstall is an event, not a reason to exit."""
    monkeypatch.setattr(connection, "WATCH_SECONDS", 0.2)
    settings = slack_settings(
        fake_slack,
        slack_bot_token=None,
        slack_client_id="111.222",
        slack_client_secret="oauth-client-secret",
        slack_mode="http",
        host="127.0.0.1",
        port=free_port(),
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
    )
    runtime = await start_slack(bot, settings)
    try:
        await asyncio.sleep(0.7)  # a watch of a token it does not have would have ended by now
        assert runtime.connection is None or not runtime.connection.done()
    finally:
        await asyncio.wait_for(runtime.close(), 10)
