"""The daily quiz loop publishing through SlackPublisher: posted on time, edited into its reveal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from fakes.slack import FakeSlack, slack_settings, slash

from bot.adapters.slack import SlackPublisher, build_client, build_slack_app, parse_message_ref
from bot.bootstrap import build_bot
from bot.core import KnowledgeBase
from bot.scheduler import QuizScheduler

CONFIGURED = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # Monday, before the post time
POST_TIME = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)  # Tuesday, just after 09:00
NEXT_DAY = datetime(2025, 3, 5, 8, 30, tzinfo=UTC)  # past the default close (1h before next post)


async def test_the_scheduler_posts_the_quiz_to_slack_and_edits_it_into_the_reveal(
    fake_slack: FakeSlack, tmp_path: Path, kb: KnowledgeBase
):
    fake_slack.admins.add("UADMIN")
    settings = slack_settings(fake_slack, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    core = build_bot(settings, now=lambda: CONFIGURED, kb=kb)
    app = build_slack_app(core, settings, clock=lambda: CONFIGURED)
    await slash(app, fake_slack, "config time 09:00", user="UADMIN", channel="CQUIZ")
    await fake_slack.wait_for("webhook")

    publisher = SlackPublisher(build_client(settings))
    scheduler = QuizScheduler(core, {"slack": publisher}, clock=lambda: POST_TIME)
    await scheduler.tick(POST_TIME)
    [post] = fake_slack.to("chat.postMessage")
    assert post.body["channel"] == "CQUIZ"
    [actions] = [b for b in post.body["blocks"] if b["type"] == "actions"]
    assert len(actions["elements"]) == 4

    await scheduler.tick(POST_TIME)  # a second pass the same day posts nothing more
    assert len(fake_slack.to("chat.postMessage")) == 1

    await scheduler.tick(NEXT_DAY)
    [update] = fake_slack.to("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("CQUIZ", "1700000000.000001")
    assert "Answer:" in json.dumps(update.body["blocks"])


def test_message_refs_round_trip_channel_and_ts():
    assert parse_message_ref("C123:1700000000.000100") == ("C123", "1700000000.000100")
    assert parse_message_ref("1700000000.000100", "C9") == ("C9", "1700000000.000100")
