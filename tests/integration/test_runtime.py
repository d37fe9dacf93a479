"""The runtime in-process: which platforms start, one scheduler over all of them, a bounded stop."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path
from typing import Any

import pytest

from bot.runtime import Runtime, Started, StartError, choose_platforms
from bot.settings import Settings


def settings(tmp_path: Path, **values: object) -> Settings:
    url = f"sqlite:///{tmp_path / 'studybot.db'}"
    return Settings(_env_file=None, database_url=url, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("values", "requested", "expected"),
    [
        ({}, (), ["terminal"]),
        ({"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"}, (), ["slack"]),
        ({"discord_token": "d.t.x"}, (), ["discord"]),
        (
            {"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1", "discord_token": "d.t.x"},
            (),
            ["slack", "discord"],
        ),
        ({"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"}, ("terminal",), ["terminal"]),
        ({"discord_token": "d.t.x"}, ("discord", "discord"), ["discord"]),
        (
            {"slack_bot_token": "xoxb-1", "slack_mode": "http", "slack_signing_secret": "s"},
            (),
            ["slack"],
        ),
        (  # one bot for many workspaces: no bot token, OAuth installs
            {
                "slack_client_id": "1.2",
                "slack_client_secret": "c",
                "slack_mode": "http",
                "slack_signing_secret": "s",
            },
            (),
            ["slack"],
        ),
    ],
)
def test_platforms_follow_the_credentials_unless_narrowed(
    tmp_path: Path, values: dict[str, object], requested: tuple[str, ...], expected: list[str]
) -> None:
    assert choose_platforms(settings(tmp_path, **values), requested) == expected


@pytest.mark.parametrize(
    ("values", "requested", "named"),
    [
        ({}, ("slack",), "SLACK_BOT_TOKEN"),
        ({}, ("discord",), "DISCORD_TOKEN"),
        ({"slack_bot_token": "xoxb-1"}, (), "SLACK_APP_TOKEN"),
        ({"slack_bot_token": "xoxb-1", "slack_mode": "http"}, (), "SLACK_SIGNING_SECRET"),
        ({"slack_client_id": "1.2", "slack_client_secret": "c"}, (), "SLACK_SIGNING_SECRET"),
        (
            {"slack_client_id": "1.2", "slack_client_secret": "c", "slack_signing_secret": "s"},
            (),
            "SLACK_MODE",
        ),
    ],
)
def test_a_missing_credential_stops_the_start_naming_it(
    tmp_path: Path, values: dict[str, object], requested: tuple[str, ...], named: str
) -> None:
    with pytest.raises(StartError, match=named) as error:
        choose_platforms(settings(tmp_path, **values), requested)
    assert "xoxb-1" not in str(error.value)


class FakePlatform:
    """A started platform that records its life and, like the real ones, needs its connection open."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log, self.open = name, log, False
        self.publisher = object()

    async def start(self, bot: Any, _settings: Settings) -> Started:
        self.bot, self.open = bot, True
        self.log.append(f"{self.name} started")
        return Started(self.name, self.publisher, self.close)

    async def close(self) -> None:
        self.log.append(f"{self.name} closed")
        self.open = False


class SlowScheduler:
    """A scheduler whose pass takes `seconds`; it records whether its platforms were still open."""

    def __init__(self, platforms: list[FakePlatform], log: list[str], seconds: float) -> None:
        self.platforms, self.log, self.seconds = platforms, log, seconds
        self.created: list[dict[str, Any]] = []
        self.ticking = asyncio.Event()

    def __call__(self, bot: Any, publishers: dict[str, Any], clock: Any) -> SlowScheduler:
        self.created.append(publishers)
        return self

    async def tick(self) -> None:
        self.ticking.set()
        await asyncio.sleep(self.seconds)
        self.log.append("tick done, platforms open: " + str(all(p.open for p in self.platforms)))


def runtime_with(tmp_path: Path, seconds: float, grace: float = 10.0):
    log: list[str] = []
    slack, discord = FakePlatform("slack", log), FakePlatform("discord", log)
    scheduler = SlowScheduler([slack, discord], log, seconds)
    runtime = Runtime(
        settings(tmp_path),
        ["slack", "discord"],
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        grace=grace,
        starters={"slack": slack.start, "discord": discord.start},
        scheduler=scheduler,
    )
    return runtime, (slack, discord), scheduler, log


async def test_slack_and_discord_share_one_loop_one_bot_and_one_scheduler(tmp_path: Path) -> None:
    runtime, (slack, discord), scheduler, log = runtime_with(tmp_path, seconds=0)
    serving = asyncio.create_task(runtime.serve())
    await asyncio.wait_for(scheduler.ticking.wait(), 10)

    assert scheduler.created == [{"slack": slack.publisher, "discord": discord.publisher}]
    assert slack.bot is discord.bot
    runtime.stop()
    assert await asyncio.wait_for(serving, 5) == 0
    assert log[:2] == ["slack started", "discord started"]
    assert {"slack closed", "discord closed"} <= set(log)


async def test_stop_lets_the_quiz_pass_in_flight_finish_before_the_platforms_close(
    tmp_path: Path,
) -> None:
    runtime, _, scheduler, log = runtime_with(tmp_path, seconds=0.5)
    serving = asyncio.create_task(runtime.serve())
    await asyncio.wait_for(scheduler.ticking.wait(), 10)
    runtime.stop()

    assert await asyncio.wait_for(serving, 5) == 0
    assert log[2:] == ["tick done, platforms open: True", "discord closed", "slack closed"]


async def test_work_that_outlasts_the_grace_period_is_cut_off_and_the_exit_is_still_clean(
    tmp_path: Path,
) -> None:
    runtime, _, scheduler, log = runtime_with(tmp_path, seconds=60, grace=0.5)
    serving = asyncio.create_task(runtime.serve())
    await asyncio.wait_for(scheduler.ticking.wait(), 10)
    began = time.monotonic()
    runtime.stop()

    assert await asyncio.wait_for(serving, 5) == 0
    assert time.monotonic() - began < 2
    assert "discord closed" in log and not any(line.startswith("tick done") for line in log)


async def test_the_database_is_closed_on_the_way_out(tmp_path: Path, monkeypatch) -> None:
    import bot.runtime

    closed: list[object] = []
    monkeypatch.setattr(bot.runtime, "close_bot", closed.append)
    runtime, (slack, _), scheduler, _ = runtime_with(tmp_path, seconds=0)
    serving = asyncio.create_task(runtime.serve())
    await asyncio.wait_for(scheduler.ticking.wait(), 10)
    runtime.stop()
    await asyncio.wait_for(serving, 5)

    assert closed == [slack.bot]


async def test_a_platform_that_fails_to_start_closes_the_ones_already_started(
    tmp_path: Path,
) -> None:
    log: list[str] = []
    slack = FakePlatform("slack", log)

    async def broken(bot: Any, _settings: Settings) -> Started:
        raise RuntimeError("gateway refused")

    runtime = Runtime(
        settings(tmp_path),
        ["slack", "discord"],
        starters={"slack": slack.start, "discord": broken},
        scheduler=lambda *a: pytest.fail("no scheduler without every platform"),
    )
    with pytest.raises(RuntimeError, match="gateway refused"):
        await asyncio.wait_for(runtime.serve(), 10)
    assert log == ["slack started", "slack closed"]


async def test_the_terminal_answers_each_line_and_ends_with_its_input(tmp_path: Path) -> None:
    out = io.StringIO()
    runtime = Runtime(
        settings(tmp_path), ["terminal"], stdin=io.StringIO("what is fargate\n\nhelp\n"), stdout=out
    )
    assert await asyncio.wait_for(runtime.serve(), 20) == 0
    text = out.getvalue()
    assert "serverless compute engine for containers" in text
    assert "leaderboard [week|month|all]" in text


async def test_a_platform_whose_connection_ends_for_good_stops_the_process_with_1(
    tmp_path: Path,
) -> None:
    log: list[str] = []
    slack = FakePlatform("slack", log)
    lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def discord(bot: Any, _settings: Settings) -> Started:
        return Started("discord", object(), slack.close, lost)

    runtime = Runtime(
        settings(tmp_path),
        ["slack", "discord"],
        starters={"slack": slack.start, "discord": discord},
        scheduler=SlowScheduler([], log, seconds=0),
    )
    serving = asyncio.create_task(runtime.serve())
    await asyncio.sleep(0.2)
    assert not serving.done()
    lost.set_exception(RuntimeError("4004 authentication failed"))

    assert await asyncio.wait_for(serving, 5) == 1
    assert log.count("slack closed") == 2  # both platforms closed on the way out
