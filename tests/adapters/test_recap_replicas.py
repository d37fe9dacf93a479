"""The weekly recap from two replicas sharing one PostgreSQL database, each with its own quiz
scheduler posting through SlackPublisher to the fake Slack: one recap per channel and week."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from fakes.slack import TEAM, FakeSlack, slack_settings

from bot.adapters.slack import SlackPublisher, build_client
from bot.bootstrap import build_bot
from bot.core import Caller, ChannelRef, KnowledgeBase, Player, StudyBot
from bot.scheduler import QuizScheduler

MONDAY = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
FRIDAY_RECAP = datetime(2025, 3, 7, 16, 0, 30, tzinfo=UTC)
CHANNEL = ChannelRef("slack", TEAM, "CQUIZ")

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_schema_url: str) -> str:
    """A fresh schema on the PostgreSQL server (tests/adapters/conftest.py)."""
    return pg_schema_url


def person(user: str, admin: bool = False) -> Caller:
    return Caller(Player("slack", TEAM, user, f"name-{user}"), CHANNEL, is_admin=admin)


async def test_two_schedulers_on_one_database_post_one_recap_per_channel_and_week(
    fake_slack: FakeSlack, pg_url: str, kb: KnowledgeBase
):
    settings = slack_settings(fake_slack, database_url=pg_url)
    replicas: list[StudyBot] = [build_bot(settings, now=lambda: MONDAY, kb=kb) for _ in range(2)]
    first, second = replicas
    for words in ("config time 09:00", "config recap fri 16:00"):
        assert first.handle(person("UADMIN", admin=True), words, MONDAY).kind == "config"
    publisher = SlackPublisher(build_client(settings))
    loops = [QuizScheduler(r, {"slack": publisher}, clock=lambda: MONDAY) for r in replicas]

    for day in range(3):  # Tue, Wed, Thu: U1 always right, U2 wrong on Wednesday
        opened = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC) + timedelta(days=day)
        await asyncio.gather(*(loop.tick(opened) for loop in loops))
        quiz = first.store.latest_quiz(CHANNEL)
        assert quiz is not None and quiz.day == opened.date()
        first.press(person("U1"), f"quiz:{quiz.id}:{quiz.correct}", opened)
        u2 = quiz.correct if day != 1 else (quiz.correct + 1) % 4
        second.press(person("U2"), f"quiz:{quiz.id}:{u2}", opened)
    await asyncio.gather(*(loop.tick(datetime(2025, 3, 7, 8, 30, tzinfo=UTC)) for loop in loops))

    def recaps() -> list[dict]:
        posts = fake_slack.to("chat.postMessage")
        return [p.body for p in posts if p.body["text"].startswith("Weekly recap")]

    await asyncio.gather(*(loop.tick(FRIDAY_RECAP - timedelta(minutes=1)) for loop in loops))
    assert recaps() == []
    await asyncio.gather(*(loop.tick(FRIDAY_RECAP) for loop in loops))
    await asyncio.gather(*(loop.tick(FRIDAY_RECAP + timedelta(minutes=30)) for loop in loops))
    [recap] = recaps()
    assert recap["channel"] == "CQUIZ"
    text = recap["text"]
    assert "Top five: 1. name-U1" in text and "2. name-U2" in text
    assert "Accuracy by topic:" in text
    missed = first.store.quiz_for(CHANNEL, datetime(2025, 3, 5).date())
    assert missed is not None
    assert f"Most missed (50% right): {missed.prompt}" in text
    assert missed.explanation in text
    assert "Most missed" in json.dumps(recap["blocks"])

    next_week = FRIDAY_RECAP + timedelta(days=7)
    await asyncio.gather(*(loop.tick(next_week) for loop in loops))
    assert len(recaps()) == 2
    for replica in replicas:
        replica.close()
