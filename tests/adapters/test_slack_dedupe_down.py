"""The event-id check runs before Slack's 3 s ack: a dead or hung database neither holds the ack
back nor drops the event. The event is answered, judged by this process's memory, with one line
in the log; a redelivery of it is still dropped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from fakes import free_port
from fakes.slack import FakeSlack, mention, send_event, slack_settings

from bot.adapters.slack import build_slack_app
from bot.bootstrap import build_bot
from bot.core import KnowledgeBase

MORE = 12  # more than the worker threads the handlers share
SLACK_ACK_LIMIT = 3.0  # Slack's own deadline: later, it counts the delivery as failed and retries


@pytest.fixture
async def hung_database() -> AsyncIterator[str]:
    """A PostgreSQL URL whose server accepts connections and never says a word."""
    accepted: list[asyncio.StreamWriter] = []

    async def silent(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"postgresql://postgres@127.0.0.1:{port}/test"
    server.close()
    for writer in accepted:  # the worker thread still connecting gets an error and ends
        writer.close()
    await server.wait_closed()


async def answered_once_despite(
    url: str, fake: FakeSlack, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    settings = slack_settings(fake, database_url=url)
    bot = build_bot(settings, kb=kb, migrate=False)
    app = build_slack_app(bot, settings)
    try:
        with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.app"):
            event = mention("what is fargate", ts="1.0")
            first = await asyncio.wait_for(send_event(app, event, "EvDbDown"), SLACK_ACK_LIMIT)
            assert first.status == 200
            [post] = await fake.wait_for("chat.postMessage", timeout=10)
            assert "Fargate" in post.body["text"]
            retry = {"x-slack-retry-num": "1", "x-slack-retry-reason": "timeout"}
            again = send_event(app, event, "EvDbDown", **retry)
            assert (await asyncio.wait_for(again, SLACK_ACK_LIMIT)).status == 200
            await asyncio.sleep(0.5)  # a second answer would have been posted by now
        assert len(fake.to("chat.postMessage")) == 1
        lines = [r.getMessage() for r in caplog.records if "event-id memory" in r.getMessage()]
        assert len(lines) == 2 and all("EvDbDown" in line for line in lines)  # one per delivery

        # Many more events while it stays down: each acked in time and each answered.
        more = [mention("what is ecs", ts=f"2.{n}") for n in range(MORE)]
        acks = [send_event(app, m, f"EvMore{n}") for n, m in enumerate(more)]
        answers = await asyncio.wait_for(asyncio.gather(*acks), SLACK_ACK_LIMIT)
        assert {a.status for a in answers} == {200}
        await fake.wait_for("chat.postMessage", 1 + MORE, timeout=30)
    finally:
        bot.close()


async def test_a_dead_database_does_not_lose_the_event(
    fake_slack: FakeSlack, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    dead = f"postgresql://postgres@127.0.0.1:{free_port()}/test"  # nothing listens
    await answered_once_despite(dead, fake_slack, kb, caplog)


async def test_a_hung_database_does_not_hold_the_ack_back(
    fake_slack: FakeSlack, kb: KnowledgeBase, hung_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    await answered_once_despite(hung_database, fake_slack, kb, caplog)
