"""Fixtures for the adapter tests: the fake platforms, each started on 127.0.0.1 for one test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test on a SQLite file and on its own PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'studybot.db'}"
    return str(request.getfixturevalue("pg_schema_url"))
