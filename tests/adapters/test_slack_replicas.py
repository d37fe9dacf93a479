"""Two HTTP-mode replicas behind a load balancer share one database: a redelivered Slack event is
answered once whichever replica gets it, and a retry whose first delivery never arrived is answered."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from fakes.slack import FakeSlack, mention, send_event, slack_settings

from bot.adapters.slack import build_slack_app
from bot.bootstrap import build_bot
from bot.core import KnowledgeBase

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def replicas(fake: FakeSlack, url: str, kb: KnowledgeBase):
    settings = slack_settings(fake, database_url=url)
    bots = [build_bot(settings, now=lambda: NOW, kb=kb) for _ in range(2)]
    return bots, [build_slack_app(b, settings, clock=lambda: NOW) for b in bots]


async def test_replicas_sharing_the_database_answer_a_redelivered_event_once(
    fake_slack: FakeSlack, any_database_url: str, kb: KnowledgeBase
):
    bots, (one, two) = replicas(fake_slack, any_database_url, kb)
    try:
        await send_event(one, mention("what is fargate", ts="1.0"), "EvShared")
        timeout = {"x-slack-retry-num": "1", "x-slack-retry-reason": "timeout"}
        await send_event(two, mention("what is fargate", ts="1.0"), "EvShared", **timeout)
        await send_event(two, mention("what is fargate", ts="1.0"), "EvShared", **timeout)

        lost = {"x-slack-retry-num": "2", "x-slack-retry-reason": "http_error"}
        await send_event(two, mention("help", ts="2.0"), "EvFirstNeverArrived", **lost)
        await send_event(one, mention("help", ts="2.0"), "EvFirstNeverArrived", **lost)

        posts = await fake_slack.wait_for("chat.postMessage", 2)
        await asyncio.sleep(0.5)  # anything answered twice would have been posted by now
        assert len(fake_slack.to("chat.postMessage")) == 2
        assert "Fargate" in posts[0].body["text"] and "help" in posts[1].body["text"].lower()
    finally:
        for b in bots:
            b.close()


async def test_remembered_event_ids_are_cleaned_up_after_an_hour(
    fake_slack: FakeSlack, any_database_url: str, kb: KnowledgeBase
):
    bots, _ = replicas(fake_slack, any_database_url, kb)
    bot = bots[0]
    try:
        assert bot.first_delivery("slack", "EvOld", NOW)
        assert not bot.first_delivery("slack", "EvOld", NOW + timedelta(minutes=30))
        assert bot.first_delivery("discord", "EvOld", NOW)  # platforms do not share ids
        bot.forget_deliveries(NOW)  # what the scheduler does at NOW + 1 h: nothing older yet
        assert not bot.first_delivery("slack", "EvOld", NOW + timedelta(minutes=59))
        bot.forget_deliveries(NOW + timedelta(minutes=1))  # at NOW + 1 h 1 min: it is gone
        assert bot.first_delivery("slack", "EvOld", NOW + timedelta(hours=2))
    finally:
        for b in bots:
            b.close()
