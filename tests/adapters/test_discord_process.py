"""End to end: the real `studybot run --platform discord` process against the fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.discord_api import APP_ID, GUILD_ID, TOKEN, FakeDiscord

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
STUDYBOT = [sys.executable, "-m", "bot"]


def _run_has_platform_option() -> bool:
    done = subprocess.run(
        [*STUDYBOT, "run", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    return "--platform" in done.stdout


class Running:
    """The process and its log, read continuously so a chatty DEBUG log never fills the pipe."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for line in self.proc.stderr:
            self.lines.append(line.decode())

    async def stop(self) -> tuple[int, str]:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.proc.wait(), 20)
        await asyncio.wait_for(self.reader, 5)
        return code, "".join(self.lines)


@pytest.fixture
async def process(tmp_path: Path, fake_discord: FakeDiscord) -> AsyncIterator[Running]:
    if not _run_has_platform_option():
        pytest.skip("`studybot run --platform` does not exist yet")
    ours = ("SLACK_", "DISCORD_", "DATABASE_URL", "LOG_", "STUDYBOT_", "KNOWLEDGE_DIR")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env |= {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'studybot.db'}",
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake_discord.api_base,
        "DISCORD_GATEWAY_URL": fake_discord.gateway_url,
        "DISCORD_GUILD_ID": str(GUILD_ID),
        "LOG_LEVEL": "DEBUG",
    }
    proc = await asyncio.create_subprocess_exec(
        *STUDYBOT,
        "run",
        "--platform",
        "discord",
        cwd=tmp_path,  # no stray .env from the checkout
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    running = Running(proc)
    try:
        await asyncio.wait_for(fake_discord.identified.wait(), 60)
        yield running
    finally:
        await running.stop()


async def test_studybot_run_serves_discord_end_to_end(
    fake_discord: FakeDiscord, process: Running
) -> None:
    assert fake_discord.identify is not None and fake_discord.identify["token"] == TOKEN
    syncs = fake_discord.calls_to("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    assert len(syncs) == 1 and syncs[0].body[0]["name"] == "study"

    began = time.monotonic()
    callback = await fake_discord.slash("ask", question="what is fargate")  # fails past 3 s
    assert time.monotonic() - began < 3
    assert callback.body["type"] in (4, 5)
    answer = await fake_discord.reply_to(callback)
    assert (answer.body.get("data") or answer.body)["embeds"][0]["title"] == "AWS Fargate"

    quiz = await fake_discord.reply_to(await fake_discord.slash("quiz"))
    assert quiz.message_id is not None
    (row,) = fake_discord.messages[quiz.message_id]["components"]
    assert len(row["components"]) == 4
    click = await fake_discord.click(quiz.message_id, row["components"][0]["custom_id"])
    receipt = (await fake_discord.reply_to(click)).body
    receipt = receipt.get("data") or receipt
    assert receipt["flags"] & 64
    assert receipt["content"].startswith("Locked in: A)")
    again = await fake_discord.reply_to(
        await fake_discord.click(quiz.message_id, row["components"][1]["custom_id"])
    )
    assert "already answered" in (again.body.get("data") or again.body)["content"]

    code, log = await process.stop()
    assert code == 0, log
    assert "commands synced" in log
    assert TOKEN not in log and TOKEN.split(".")[0] not in log
