"""The daily ritual on Discord: real discord.py against the fake Discord on 127.0.0.1. The synced
command payload (/studyadmin's default permissions, DM contexts, choices), local-time markup on
the card, one edit per burst of clicks, the reveal thread, reminder DMs and a plain DM answer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest
from fakes.discord_api import APP_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, USER_ID, FakeDiscord
from test_discord_loopback import discord_settings

from bot.adapters.discord import DiscordRuntime, start_discord
from bot.adapters.livecards import CardPacing
from bot.bootstrap import build_bot
from bot.core import ChannelRef, KnowledgeBase, StudyBot
from bot.scheduler import QuizScheduler

MANAGE_GUILD = str(discord.Permissions(manage_guild=True).value)
POSTED = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)  # a Tuesday, just after the default post time
CHANNEL = ChannelRef("discord", str(GUILD_ID), str(CHANNEL_ID))


class Clock:
    def __init__(self) -> None:
        self.now, self.mono = datetime(2025, 3, 3, 8, 0, tzinfo=UTC), 1000.0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timers() -> list[Any]:
    return []


@pytest.fixture
async def world(
    fake_discord: FakeDiscord, kb: KnowledgeBase, tmp_path: Path, clock: Clock, timers: list[Any]
) -> AsyncIterator[tuple[DiscordRuntime, StudyBot]]:
    settings = discord_settings(fake_discord, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    core = build_bot(settings, now=clock, kb=kb)
    runtime = await start_discord(core, settings)
    runtime.client.clock = clock
    runtime.client.cards.now = clock
    runtime.client.cards.pacing = CardPacing(
        clock=lambda: clock.mono, timer=lambda delay, job: timers.append(job)
    )
    await asyncio.wait_for(fake_discord.identified.wait(), 10)
    yield runtime, core
    await runtime.close()


async def until(check: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def scheduler(runtime: DiscordRuntime, clock: Clock) -> QuizScheduler:
    return QuizScheduler(runtime.client.core, {"discord": runtime.publisher}, clock=clock)


def card(fake_discord: FakeDiscord) -> tuple[int, list[str]]:
    """The newest posted quiz card: its message id and its buttons' custom ids."""
    for message_id in sorted(fake_discord.messages, reverse=True):
        rows = fake_discord.messages[message_id].get("components") or []
        ids = [c["custom_id"] for row in rows for c in row.get("components", [])]
        if ids:
            return message_id, ids
    raise AssertionError("no quiz card posted")


async def test_studyadmin_carries_manage_server_and_study_works_in_dms(fake_discord, world):
    [put] = fake_discord.calls_to("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    commands = {c["name"]: c for c in put.body}
    admin, study = commands["studyadmin"], commands["study"]
    assert str(admin["default_member_permissions"]) == MANAGE_GUILD
    assert {o["name"] for o in admin["options"]} == {"reveal", "config"}
    assert study.get("default_member_permissions") is None
    assert {"reveal", "config"}.isdisjoint(o["name"] for o in study["options"])
    assert sorted(study["contexts"]) == [0, 1, 2]  # guild, bot DM, private channel
    options = {o["name"]: o for o in study["options"]}
    [choice] = options["answer"]["options"]
    assert [c["value"] for c in choice["choices"]] == ["A", "B", "C", "D"]
    config = {o["name"]: o for o in {o["name"]: o for o in admin["options"]}["config"]["options"]}
    assert "timezone" in [c["value"] for c in config["setting"]["choices"]]
    assert config["value"]["autocomplete"] is True


async def test_a_plain_direct_message_is_answered(fake_discord, world):
    await fake_discord.direct_message("what is fargate")
    await until(lambda: fake_discord.calls_to("POST", f"/channels/{DM_CHANNEL_ID}/messages"))
    [sent] = fake_discord.calls_to("POST", f"/channels/{DM_CHANNEL_ID}/messages")
    assert sent.body["embeds"][0]["title"] == "AWS Fargate"


async def test_the_card_uses_discord_timestamps_and_the_embed_timestamp(fake_discord, world, clock):
    runtime, core = world
    await fake_discord.slash(
        "config",
        group="studyadmin",
        permissions=MANAGE_GUILD,
        setting="timezone",
        value="Asia/Tokyo",
    )
    clock.now = POSTED
    await scheduler(runtime, clock).tick()
    quiz = core.store.latest_quiz(CHANNEL)
    assert quiz is not None
    [post] = fake_discord.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")
    embed = post.body["embeds"][0]
    unix = int(quiz.closes_at.timestamp())
    assert f"<t:{unix}:f> (<t:{unix}:R>)" in embed["description"]
    assert datetime.fromisoformat(embed["timestamp"]) == quiz.closes_at
    assert "Quiz of Tue 2025-03-04" in embed["title"]  # 18:00 in Tokyo, still Tuesday


async def test_twenty_clicks_in_a_second_edit_the_card_at_most_twice(
    fake_discord, world, clock, timers
):
    runtime, _ = world
    clock.now = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    await fake_discord.slash("quiz")
    message_id, buttons = card(fake_discord)
    for i in range(20):
        clock.mono = 1000.0 + i * 0.05
        await fake_discord.click(message_id, buttons[0], user_id=USER_ID + 1 + i)
    edits = lambda: fake_discord.calls_to("PATCH", f"/channels/{CHANNEL_ID}/messages/{message_id}")  # noqa: E731
    await until(lambda: len(edits()) == 1)
    assert len(timers) == 1
    clock.mono = 1003.5
    await timers.pop()()
    assert len(edits()) == 2
    assert edits()[-1].body["embeds"][0]["footer"]["text"] == "20 answered so far."


async def test_the_reveal_opens_a_thread_and_reminders_go_by_dm(fake_discord, world, clock):
    runtime, core = world
    await fake_discord.slash(
        "config", group="studyadmin", permissions=MANAGE_GUILD, setting="time", value="09:00"
    )
    await fake_discord.slash("remind", state="on")  # alice opts in, then does not answer
    loop = scheduler(runtime, clock)
    clock.now = POSTED
    await loop.tick()
    message_id, buttons = card(fake_discord)
    quiz = core.store.latest_quiz(CHANNEL)
    assert quiz is not None
    await fake_discord.click(message_id, buttons[quiz.correct], user_id=USER_ID + 7)
    clock.now = quiz.closes_at - timedelta(minutes=30)
    await loop.tick()
    [opened] = fake_discord.calls_to("POST", "/users/@me/channels")
    assert int(opened.body["recipient_id"]) == USER_ID
    [dm_id] = [dm for dm, user in fake_discord.dms.items() if user == USER_ID]
    [dm] = fake_discord.calls_to("POST", f"/channels/{dm_id}/messages")
    assert "closes <t:" in dm.body["content"]
    clock.now = quiz.closes_at + timedelta(minutes=1)
    await loop.tick()
    [thread] = fake_discord.calls_to(
        "POST", f"/channels/{CHANNEL_ID}/messages/{message_id}/threads"
    )
    assert thread.body["name"].startswith("Answer: ")
    said = [c for c in fake_discord.calls if c.method == "POST" and c.path.endswith("/messages")]
    text = said[-1].body["embeds"][0]["description"]
    assert "Why:" in text and "Fastest correct: user" in text and "(1 in all)" in text


async def test_in_a_dm_stats_count_where_you_play_and_quiz_commands_point_to_the_channel(
    fake_discord, world, clock
):
    _, core = world
    clock.now = POSTED
    await fake_discord.slash("quiz")
    message_id, buttons = card(fake_discord)
    quiz = core.store.latest_quiz(CHANNEL)
    assert quiz is not None
    await fake_discord.click(message_id, buttons[quiz.correct])  # alice, right
    await fake_discord.slash("reveal", group="studyadmin", permissions=MANAGE_GUILD)
    stats = await fake_discord.slash("stats", dm=True)
    shown = stats.body["data"]
    assert shown["flags"] & 64
    assert "Answered: 1, right: 1 (100%)" in shown["embeds"][0]["description"]
    board = await fake_discord.slash("leaderboard", dm=True)
    assert "alice" in board.body["data"]["embeds"][0]["description"]
    refused = await fake_discord.slash("quiz", dm=True)
    assert refused.body["data"]["flags"] & 64
    assert "server channel" in refused.body["data"]["content"]


async def test_the_config_value_autocompletes_time_zones_for_the_chosen_setting(
    fake_discord, world
):
    options = [
        {"name": "setting", "type": 3, "value": "timezone"},
        {"name": "value", "type": 3, "value": "berl", "focused": True},
    ]
    data = {
        "id": "1",
        "name": "studyadmin",
        "type": 1,
        "guild_id": str(GUILD_ID),
        "options": [{"name": "config", "type": 1, "options": options}],
    }
    callback = await fake_discord.interact(4, data, permissions=MANAGE_GUILD)
    assert callback.body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    assert callback.body["data"]["choices"][0] == {
        "name": "Europe/Berlin",
        "value": "Europe/Berlin",
    }
