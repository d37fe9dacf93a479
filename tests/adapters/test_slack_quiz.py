"""The daily quiz on Slack with the real core and a SQLite database: post, click, reveal, home."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes.slack import FakeSlack, click, send_event, slack_settings, slash
from fakes.slack_core import PostSpy, eventually
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack import build_slack_app
from bot.bootstrap import build_bot
from bot.core import KnowledgeBase

NOW = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)  # a Tuesday, after the default 09:00 post time


@pytest.fixture
def core(tmp_path: Path, fake_slack: FakeSlack, kb: KnowledgeBase) -> PostSpy:
    url = f"sqlite:///{tmp_path / 'studybot.db'}"
    return PostSpy(build_bot(slack_settings(fake_slack, database_url=url), now=lambda: NOW, kb=kb))


@pytest.fixture
def app(fake_slack: FakeSlack, core: PostSpy) -> AsyncApp:
    fake_slack.admins.add("UADMIN")
    return build_slack_app(core, slack_settings(fake_slack), clock=lambda: NOW)


async def post_quiz(app: AsyncApp, fake_slack: FakeSlack, core: PostSpy) -> tuple[str, list[dict]]:
    count = len(core.posts)
    await slash(app, fake_slack, "quiz")
    await eventually(lambda: len(core.posts) > count)
    post = fake_slack.to("chat.postMessage")[-1]
    [actions] = [b for b in post.body["blocks"] if b["type"] == "actions"]
    return "1700000000.000001", actions["elements"]


async def test_quiz_button_click_reveal_and_leaderboard(app, fake_slack, core):
    ts, buttons = await post_quiz(app, fake_slack, core)
    assert [b["action_id"] for b in buttons] == [f"quiz_answer_{i}" for i in range(4)]
    assert all(len(b["value"]) <= 100 for b in buttons)

    await click(app, fake_slack, buttons[1]["value"], user="U2", index=1, ts=ts)
    [locked] = await fake_slack.wait_for("webhook")
    assert locked.body["response_type"] == "ephemeral"
    assert locked.body["text"].startswith("Locked in: B")

    await click(app, fake_slack, buttons[2]["value"], user="U2", index=2, ts=ts)
    again = (await fake_slack.wait_for("webhook", 2))[1]
    assert "already answered" in again.body["text"]
    assert again.body["response_type"] == "ephemeral"

    await slash(app, fake_slack, "quiz reveal", user="UADMIN")
    [update] = await fake_slack.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("C1", ts)
    shown = json.dumps(update.body["blocks"])
    assert "Answer:" in shown and "answered" in shown
    # The answer buttons are gone; only the small Report button is left.
    [report] = [e for b in update.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert report["action_id"] == "quiz_report" and report["text"]["text"] == "Report a problem"
    await click(app, fake_slack, report["value"], user="U3", ts=ts, action_id="quiz_report")
    flagged = (await fake_slack.wait_for("webhook", 4))[3]
    assert flagged.body["response_type"] == "ephemeral"
    assert flagged.body["text"].startswith("Thanks, flagged")
    assert [f.player.user_id for f in core.store.open_flags("slack", "T0TEAM")] == ["U3"]

    await slash(app, fake_slack, "leaderboard")
    board = (await fake_slack.wait_for("webhook", 5))[4]
    assert "Leaderboard" in board.body["text"]


async def test_a_second_quiz_command_answers_privately_and_the_reveal_edits_the_one_post(
    app, fake_slack, core
):
    _, buttons = await post_quiz(app, fake_slack, core)
    await slash(app, fake_slack, "quiz", user="U2")
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "ephemeral" and "already posted" in hook.body["text"]
    [actions] = [b for b in hook.body["blocks"] if b["type"] == "actions"]
    assert actions["elements"] == buttons
    assert len(fake_slack.to("chat.postMessage")) == 1
    await slash(app, fake_slack, "quiz reveal", user="UADMIN")
    [update] = await fake_slack.wait_for("chat.update")
    assert update.body["ts"] == "1700000000.000001"


async def test_a_non_admin_is_told_config_and_reveal_need_an_admin(app, fake_slack, core):
    await post_quiz(app, fake_slack, core)
    await slash(app, fake_slack, "config time 10:30", user="U1")
    await slash(app, fake_slack, "quiz reveal", user="U1")
    hooks = await fake_slack.wait_for("webhook", 2)
    for hook in hooks:
        assert hook.body["response_type"] == "ephemeral"
        assert "admin" in hook.body["text"]
    assert not fake_slack.to("chat.update")


async def test_an_admin_changes_the_channel_config(app, fake_slack):
    await slash(app, fake_slack, "config time 10:30", user="UADMIN")
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "in_channel"
    assert "10:30" in hook.body["text"]


async def test_app_home_shows_stats_and_leaderboard_after_a_reveal(app, fake_slack, core):
    ts, buttons = await post_quiz(app, fake_slack, core)
    await click(app, fake_slack, buttons[0]["value"], user="U2", index=0, ts=ts)
    await fake_slack.wait_for("webhook")
    await slash(app, fake_slack, "quiz reveal", user="UADMIN")
    await fake_slack.wait_for("chat.update")
    home = {"type": "app_home_opened", "user": "U2", "channel": "D2", "tab": "home"}
    await send_event(app, home, "EvHome")
    [publish] = await fake_slack.wait_for("views.publish")
    text = json.dumps(publish.body["view"])
    assert "Stats for name-U2" in text
    assert "Leaderboard" in text and "name-U2" in text.split("Leaderboard", 1)[1]


async def test_a_question_still_works_without_the_quiz_words(app, fake_slack):
    await slash(app, fake_slack, "what is fargate")
    [hook] = await fake_slack.wait_for("webhook")
    assert "Fargate" in hook.body["blocks"][0]["text"]["text"]


async def test_a_comparison_offers_a_full_table_button(app, fake_slack):
    await slash(app, fake_slack, "lambda vs batch")
    [hook] = await fake_slack.wait_for("webhook")
    assert len(hook.body["text"]) <= 900
    [actions] = [b for b in hook.body["blocks"] if b["type"] == "actions"]
    [button] = actions["elements"]
    assert button["text"]["text"] == "Full table"
    await click(app, fake_slack, button["value"], user="U2", index=0)
    full = (await fake_slack.wait_for("webhook", 2))[1]
    assert full.body["response_type"] == "ephemeral"
    assert "Trigger model" in full.body["text"] and "Trigger model" not in hook.body["text"]


async def test_a_follow_up_is_about_the_previous_question(app, fake_slack):
    await slash(app, fake_slack, "what is fargate", user="U7")
    await slash(app, fake_slack, "how is it priced?", user="U7")
    first, second = await fake_slack.wait_for("webhook", 2)
    assert second.body["blocks"][0]["text"]["text"] == "AWS Fargate"
    assert "pricing" in json.dumps(second.body["blocks"][1])
