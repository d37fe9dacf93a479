"""Fixtures for the adapter tests: the fake platforms, each started on 127.0.0.1 for one test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.discord_api import FakeDiscord
from fakes.slack import FakeSlack


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """The fake Slack Web API (and Socket Mode endpoint), recording every call."""
    slack = await FakeSlack().start()
    yield slack
    await slack.stop()


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """The fake Discord REST API and gateway."""
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()
