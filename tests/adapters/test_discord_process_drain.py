"""A deploy's SIGTERM right after a burst of Discord quiz clicks: the real `studybot run --platform
discord` finishes every click it deferred before it exits, on SQLite and on PostgreSQL.

The database is busy with another writer during the burst (a real lock, taken by this test), so
every click outlasts Discord's answer window and is deferred: acknowledged, not yet stored. The
lock is let go only after SIGTERM, so everything below happens during the stop.

Without the drain the answers themselves still land here (asyncio.run waits for the worker threads
already writing them), but the client is gone by then: no clicker is told their answer was locked
in. The follow-up check is the one that fails without the drain."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from fakes.discord_api import APP_ID, GUILD_ID, TOKEN, FakeDiscord
from sqlalchemy import Connection, text

from bot.storage.engine import make_engine

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
OURS = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "STUDYBOT_", "KNOWLEDGE_DIR")
PEOPLE = 30
GRACE = 10.0


async def start(tmp_path: Path, fake: FakeDiscord, url: str) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env |= {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DISCORD_GUILD_ID": str(GUILD_ID),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--platform",
        "discord",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


def hold_answers_lock(url: str) -> Connection:
    """Another writer holding the answers table: SQLite's write lock, PostgreSQL's table lock."""
    conn = make_engine(url).connect()
    if conn.dialect.name == "sqlite":
        conn.execute(text("SELECT 1"))  # the engine begins writes IMMEDIATE: the write lock
    else:
        conn.execute(text("LOCK TABLE answers IN EXCLUSIVE MODE"))
    return conn


def release(conn: Connection) -> None:
    conn.rollback()
    conn.close()
    conn.engine.dispose()


def stored_answers(url: str, quiz_id: int) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = text("SELECT count(*) FROM answers WHERE quiz_id = :q")
            return int(conn.execute(query, {"q": quiz_id}).scalar_one())
    finally:
        engine.dispose()


async def test_sigterm_right_after_deferred_clicks_keeps_every_answer(
    tmp_path: Path, fake_discord: FakeDiscord, any_database_url: str
) -> None:
    proc = await start(tmp_path, fake_discord, any_database_url)
    lock: Connection | None = None
    try:
        await asyncio.wait_for(fake_discord.identified.wait(), 60)
        quiz = await fake_discord.reply_to(await fake_discord.slash("quiz"), timeout=30)
        assert quiz.message_id is not None
        (row,) = fake_discord.messages[quiz.message_id]["components"]
        buttons = [b["custom_id"] for b in row["components"]]
        quiz_id = int(buttons[0].split(":")[2])  # sb:quiz:<id>:<choice>
        await asyncio.sleep(0.5)  # the quiz's post is recorded before the database gets busy

        lock = await asyncio.to_thread(hold_answers_lock, any_database_url)
        clicks = [
            fake_discord.click(quiz.message_id, buttons[n % 4], user_id=10_000 + n)
            for n in range(PEOPLE)
        ]
        callbacks = await asyncio.gather(*clicks)
        proc.send_signal(signal.SIGTERM)  # the moment the last click was acknowledged
        await asyncio.sleep(1.0)
        await asyncio.to_thread(release, lock)
        lock = None
        _, err = await asyncio.wait_for(proc.communicate(), GRACE + 10)
    finally:
        if lock is not None:
            release(lock)
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = err.decode(errors="replace")

    assert proc.returncode == 0, log[-3000:]
    assert {c.body["type"] for c in callbacks} == {5}  # every click deferred, none answered yet
    assert stored_answers(any_database_url, quiz_id) == PEOPLE
    tokens = {c.path.strip("/").split("/")[2] for c in callbacks}
    followed = {t for t in tokens if fake_discord.calls_to("POST", f"/webhooks/{APP_ID}/{t}")}
    assert followed == tokens  # and each clicker was told their answer was locked in
    assert "did not finish" not in log and "did not close" not in log
