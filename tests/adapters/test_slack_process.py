"""The real `studybot run --platform slack --slack-mode http` process, driven over loopback."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
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
    command_fields,
    signed_headers,
)

ROOT = Path(__file__).resolve().parents[2]


def _run_has_platform_option() -> bool:
    help_text = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    ).stdout
    return "--platform" in help_text


pytestmark = pytest.mark.slow


async def wait_healthy(base: str, proc: asyncio.subprocess.Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                raise AssertionError(f"studybot exited early with {proc.returncode}")
            try:
                async with http.get(f"{base}/healthz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("studybot did not become healthy")


async def test_the_real_process_answers_a_signed_slash_command_and_refuses_a_forged_one(
    fake_slack: FakeSlack, tmp_path: Path
):
    if not _run_has_platform_option():
        pytest.skip("`studybot run --platform` is not there yet")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.base_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'studybot.db'}",
        "STUDYBOT_ADMINS": "",
        "PYTHONPATH": str(ROOT),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--platform",
        "slack",
        "--slack-mode",
        "http",
        cwd=tmp_path,  # no stray .env from the checkout
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_healthy(base, proc)
        body = urlencode(command_fields("what is fargate", fake_slack.response_url))
        async with aiohttp.ClientSession() as http:
            url = f"{base}/slack/events"
            async with http.post(url, data=body, headers=signed_headers(body, FORM)) as r:
                assert r.status == 200
            [hook] = await fake_slack.wait_for("webhook", timeout=30)
            assert "Fargate" in hook.body["text"]
            forged = signed_headers(body, FORM, secret="forged")
            async with http.post(url, data=body, headers=forged) as r:
                assert r.status == 401
        assert len(fake_slack.to("webhook")) == 1
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    logs = out.decode(errors="replace") + err.decode(errors="replace")
    assert BOT_TOKEN not in logs and SIGNING_SECRET not in logs
