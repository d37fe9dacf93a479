"""Several single-workspace processes sharing one PostgreSQL database: each claims and posts only
its own workspace's daily quizzes, with its own token, never in another workspace's channels."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes import free_port
from fakes.slack import FakeSlack

from bot.bootstrap import build_bot
from bot.core import Caller, ChannelRef, KnowledgeBase, Player
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CONFIGURED = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
POST_TIME = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)
TOKENS = {"xoxb-team-a": "TA", "xoxb-team-b": "TB"}

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

# One studybot process: its Slack side started as `studybot run` starts it (auth.test tells the
# token's workspace), then one scheduler pass at POST_TIME over the shared database.
ONE_PROCESS = """
import asyncio, sys
from datetime import datetime
from bot.adapters.slack import start_slack
from bot.bootstrap import build_bot
from bot.scheduler import QuizScheduler
from bot.settings import Settings

async def main():
    now = datetime.fromisoformat(sys.argv[1])
    settings = Settings()
    core = build_bot(settings, now=lambda: now)
    runtime = await start_slack(core, settings)
    await QuizScheduler(core, {"slack": runtime.publisher}, clock=lambda: now).tick(now)
    await runtime.close()
    core.close()

asyncio.run(main())
"""


@pytest.fixture
def shared_pg(pg_schema_url: str) -> str:
    """A fresh PostgreSQL schema both processes use (fails under CI=true when unreachable)."""
    return pg_schema_url


async def run_process(fake: FakeSlack, db_url: str, token: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": token,
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_MODE": "http",
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "SLACK_API_URL": fake.base_url,
        "LOG_LEVEL": "WARNING",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", ONE_PROCESS, POST_TIME.isoformat(), env=env, cwd=ROOT
    )
    assert await asyncio.wait_for(proc.wait(), 120) == 0


async def test_two_single_workspace_processes_sharing_postgresql_post_only_their_own(
    fake_slack: FakeSlack, shared_pg: str, kb: KnowledgeBase
):
    fake_slack.tokens = dict(TOKENS)
    setup = build_bot(
        Settings(_env_file=None, database_url=shared_pg), now=lambda: CONFIGURED, kb=kb
    )  # type: ignore[call-arg]
    for team in ("TA", "TB"):
        for channel in (f"C{team}1", f"C{team}2"):
            admin = Caller(
                Player("slack", team, "UADMIN"), ChannelRef("slack", team, channel), True
            )
            assert setup.handle(admin, "config time 09:00", CONFIGURED).kind == "config"
    setup.close()

    await asyncio.gather(*(run_process(fake_slack, shared_pg, t) for t in TOKENS))

    posts = sorted(
        (p.body["channel"], fake_slack.token_of(p)) for p in fake_slack.to("chat.postMessage")
    )
    assert posts == [("CTA1", "TA"), ("CTA2", "TA"), ("CTB1", "TB"), ("CTB2", "TB")]
