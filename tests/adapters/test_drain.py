"""A deploy's SIGTERM right after a burst of quiz clicks: the real `studybot run` (Slack HTTP mode)
finishes every click it acknowledged before it exits, on SQLite and on PostgreSQL; requests that
arrive once it is stopping get 503 so the load balancer sends them elsewhere."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from fakes import free_port
from fakes.slack import (
    BOT_TOKEN,
    FORM,
    SIGNING_SECRET,
    FakeSlack,
    action_body,
    command_fields,
    signed_headers,
)
from sqlalchemy import text

from bot.storage.engine import make_engine

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
OURS = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "PORT", "HOST", "KNOWLEDGE_DIR", "STUDYBOT_")
PEOPLE, CLICKS_EACH, AT_ONCE = 100, 2, 50
GRACE = 10.0


async def start(tmp_path: Path, fake: FakeSlack, url: str, port: int):
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env |= {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
        "SLACK_MODE": "http",
        "PORT": str(port),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--platform",
        "slack",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def healthy(base: str, proc) -> None:
    async with aiohttp.ClientSession() as http:
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


async def post_quiz(http: aiohttp.ClientSession, events: str, fake: FakeSlack) -> str:
    """An admin's `/study quiz`; the quiz id from its buttons."""
    body = urlencode(command_fields("quiz", fake.response_url, user="UADMIN", channel="CQ"))
    async with http.post(events, data=body, headers=signed_headers(body, FORM)) as r:
        assert r.status == 200
    [post] = await fake.wait_for("chat.postMessage", timeout=60)
    [actions] = [b for b in post.body["blocks"] if b["type"] == "actions"]
    return str(actions["elements"][0]["value"]).split(":")[1]


async def burst(http: aiohttp.ClientSession, events: str, fake: FakeSlack, quiz_id: str):
    """Every person clicks twice, AT_ONCE requests in flight; the people whose click got a 200."""
    gate = asyncio.Semaphore(AT_ONCE)

    async def click(person: int, option: int) -> tuple[str, int]:
        user = f"U{person:04d}"
        body = action_body(f"quiz:{quiz_id}:{option}", fake.response_url, user=user, channel="CQ")
        async with gate, http.post(events, data=body, headers=signed_headers(body, FORM)) as r:
            return user, r.status

    # Each person's clicks together, so the last people's first clicks are still running at the end.
    clicks = [click(p, n % 4) for p in range(PEOPLE) for n in range(CLICKS_EACH)]
    results = await asyncio.gather(*clicks)
    assert {status for _, status in results} == {200}
    return {user for user, _ in results}


def stored_answers(url: str, quiz_id: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = text("SELECT count(*) FROM answers WHERE quiz_id = :q")
            return int(conn.execute(query, {"q": int(quiz_id)}).scalar_one())
    finally:
        engine.dispose()


async def test_sigterm_right_after_a_burst_keeps_every_acknowledged_answer(
    tmp_path: Path, fake_slack: FakeSlack, any_database_url: str
):
    fake_slack.admins.add("UADMIN")
    fake_slack.delay = 0.3  # users.info at Slack's usual pace: clicks are still running at SIGTERM
    port = free_port()
    proc = await start(tmp_path, fake_slack, any_database_url, port)
    base = f"http://127.0.0.1:{port}"
    events = f"{base}/slack/events"
    try:
        await healthy(base, proc)
        async with aiohttp.ClientSession() as http:
            quiz_id = await post_quiz(http, events, fake_slack)
            acknowledged = await burst(http, events, fake_slack, quiz_id)
            proc.send_signal(signal.SIGTERM)  # the moment the last click was acknowledged
            _, err = await asyncio.wait_for(proc.communicate(), GRACE + 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = err.decode(errors="replace")

    assert proc.returncode == 0, log[-3000:]
    assert len(acknowledged) == PEOPLE
    assert stored_answers(any_database_url, quiz_id) == PEOPLE
    assert "did not finish" not in log and "did not close" not in log


async def test_once_stopping_new_events_get_503_while_acknowledged_work_finishes(
    tmp_path: Path, fake_slack: FakeSlack
):
    fake_slack.admins.add("UADMIN")
    port = free_port()
    url = f"sqlite:///{tmp_path / 'studybot.db'}"
    proc = await start(tmp_path, fake_slack, url, port)
    base = f"http://127.0.0.1:{port}"
    events = f"{base}/slack/events"
    try:
        await healthy(base, proc)
        async with aiohttp.ClientSession() as http:
            quiz_id = await post_quiz(http, events, fake_slack)
            fake_slack.delay = 1.5  # users.info is slow: every click is still running at SIGTERM
            body = action_body(f"quiz:{quiz_id}:0", fake_slack.response_url, user="USLOW")
            async with http.post(events, data=body, headers=signed_headers(body, FORM)) as r:
                assert r.status == 200
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)
            late = action_body(f"quiz:{quiz_id}:0", fake_slack.response_url, user="ULATE")
            async with http.post(events, data=late, headers=signed_headers(late, FORM)) as r:
                assert r.status == 503
            async with http.get(f"{base}/healthz") as r:
                assert r.status == 503
            _, err = await asyncio.wait_for(proc.communicate(), GRACE + 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()

    assert proc.returncode == 0, err.decode()[-3000:]
    assert stored_answers(url, quiz_id) == 1
