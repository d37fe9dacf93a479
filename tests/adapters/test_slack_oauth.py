"""One bot for many workspaces: installs through /slack/oauth_redirect, each workspace answered and
posted to with its own token, and a workspace that removes the app loses its daily quiz.

Everything runs for real over 127.0.0.1: bolt's OAuth flow and authorize step, slack_sdk's
SQLAlchemy stores on a migrated SQLite file, signed HTTP requests, the fake Slack Web API."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fakes import free_port
from fakes.slack import JSON, FakeSlack, event_body, mention, signed_headers, slack_settings
from fakes.slack_core import eventually

from bot.adapters.slack import SlackConfigError, start_slack
from bot.adapters.slack.runtime import SlackRuntime
from bot.bootstrap import build_bot
from bot.core import Caller, ChannelRef, KnowledgeBase, Player, StudyBot
from bot.scheduler import QuizScheduler

CONFIGURED = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
POST_TIME = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)
NEXT_POST_TIME = datetime(2025, 3, 5, 9, 0, 30, tzinfo=UTC)


@pytest.fixture
async def oauth_bot(
    fake_slack: FakeSlack, tmp_path: Path, kb: KnowledgeBase
) -> AsyncIterator[tuple[StudyBot, SlackRuntime]]:
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
    core = build_bot(settings, now=lambda: CONFIGURED, kb=kb)
    runtime = await start_slack(core, settings)
    yield core, runtime
    await runtime.close()
    core.close()


def _base(runtime: SlackRuntime) -> str:
    assert runtime.url is not None
    return runtime.url.removesuffix("/slack/events")


async def install(runtime: SlackRuntime, fake: FakeSlack, team: str) -> None:
    """A person in `team` clicks Add to Slack, approves, and Slack redirects back with a code."""
    fake.codes[f"code-{team}"] = team
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{_base(runtime)}/slack/install") as page:
            assert page.status == 200
            state = re.search(r"state=([\w-]+)", await page.text())
            cookie = page.cookies["slack-app-oauth-state"]  # Secure: a browser sends it over https
        assert state is not None
        url = f"{_base(runtime)}/slack/oauth_redirect?code=code-{team}&state={state.group(1)}"
        headers = {"Cookie": f"{cookie.key}={cookie.value}"}
        async with http.get(url, headers=headers) as done:
            assert done.status == 200, await done.text()


async def post_event(runtime: SlackRuntime, event: dict[str, Any], team: str, event_id: str):
    body = json.loads(event_body(event, event_id))
    body["team_id"] = team
    body["authorizations"][0]["team_id"] = team
    body["event"]["team"] = team
    raw = json.dumps(body)
    headers = signed_headers(raw, JSON)
    async with (
        aiohttp.ClientSession() as http,
        http.post(runtime.url or "", data=raw, headers=headers) as r,
    ):
        assert r.status == 200


def schedule(core: StudyBot, team: str, channel: str) -> None:
    admin = Caller(Player("slack", team, "UADMIN"), ChannelRef("slack", team, channel), True)
    assert core.handle(admin, "config time 09:00", CONFIGURED).kind == "config"


async def test_each_installed_workspace_is_served_with_its_own_token(
    fake_slack: FakeSlack, oauth_bot: tuple[StudyBot, SlackRuntime]
):
    core, runtime = oauth_bot
    await install(runtime, fake_slack, "T1")
    await install(runtime, fake_slack, "T2")
    assert len(fake_slack.to("oauth.v2.access")) == 2
    assert await runtime.publisher.workspaces() == {"T1", "T2"}

    await post_event(runtime, mention("what is fargate", channel="CT2"), "T2", "EvT2")
    [answer] = await fake_slack.wait_for("chat.postMessage")
    assert answer.body["channel"] == "CT2"
    assert fake_slack.token_of(answer) == "T2"
    assert "Fargate" in json.dumps(answer.body["blocks"])


async def test_daily_quizzes_post_with_their_workspace_token_and_stop_on_uninstall(
    fake_slack: FakeSlack, oauth_bot: tuple[StudyBot, SlackRuntime]
):
    core, runtime = oauth_bot
    await install(runtime, fake_slack, "T1")
    await install(runtime, fake_slack, "T2")
    schedule(core, "T1", "CT1")
    schedule(core, "T2", "CT2")
    scheduler = QuizScheduler(core, {"slack": runtime.publisher}, clock=lambda: POST_TIME)

    await scheduler.tick(POST_TIME)
    posts = fake_slack.to("chat.postMessage")
    assert sorted((p.body["channel"], fake_slack.token_of(p)) for p in posts) == [
        ("CT1", "T1"),
        ("CT2", "T2"),
    ]

    await post_event(runtime, {"type": "app_uninstalled"}, "T1", "EvGone")
    assert core.store is not None
    t1 = ChannelRef("slack", "T1", "CT1")
    await eventually(lambda: not core.store.channel_config(t1).enabled)  # type: ignore[union-attr]
    assert await runtime.publisher.workspaces() == {"T2"}
    await scheduler.tick(NEXT_POST_TIME)
    later = fake_slack.to("chat.postMessage")[len(posts) :]
    assert [(p.body["channel"], fake_slack.token_of(p)) for p in later] == [("CT2", "T2")]
    assert core.store.channel_config(t1).enabled is False  # type: ignore[union-attr]


async def test_oauth_needs_http_mode_and_no_fixed_token(fake_slack: FakeSlack, kb: KnowledgeBase):
    settings = slack_settings(fake_slack, slack_client_id="111.222", slack_client_secret="s")
    with pytest.raises(SlackConfigError) as err:
        await start_slack(StudyBot(kb), settings)
    assert "SLACK_MODE=http" in str(err.value) and "no SLACK_BOT_TOKEN" in str(err.value)
    assert "oauth-client-secret" not in str(err.value) and "xoxb" not in str(err.value)
