"""A channel's daily post from sign-up to turn-off, through the Slack and Discord fakes: only an admin
signs a channel up; a channel the bot cannot post in is turned off once, with one warning and a DM
to the admin who turned it on; a failure that may pass backs off instead of retrying every pass."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes.discord_api import CHANNEL_ID, GUILD_ID, TOKEN, USER_ID, FakeDiscord
from fakes.slack import FakeSlack, slack_settings, slash

from bot.adapters.discord import start_discord
from bot.adapters.slack import SlackPublisher, build_client, build_slack_app
from bot.bootstrap import build_bot
from bot.core import Caller, ChannelRef, KnowledgeBase, Player
from bot.scheduler import QuizScheduler
from bot.settings import Settings

MONDAY = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # before the post time
POST_TIME = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)  # Tuesday, just after 09:00


def slack_world(fake: FakeSlack, tmp_path: Path, kb: KnowledgeBase):
    fake.admins.add("UADMIN")
    settings = slack_settings(fake, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    core = build_bot(settings, now=lambda: MONDAY, kb=kb)
    app = build_slack_app(core, settings, clock=lambda: MONDAY)
    scheduler = QuizScheduler(
        core, {"slack": SlackPublisher(build_client(settings))}, lambda: MONDAY
    )
    return core, app, scheduler


def posts_to(fake: FakeSlack, channel: str) -> list:
    return [c for c in fake.to("chat.postMessage") if c.body["channel"] == channel]


async def test_only_an_admins_quiz_signs_a_slack_channel_up(
    fake_slack: FakeSlack, tmp_path: Path, kb: KnowledgeBase
):
    core, app, scheduler = slack_world(fake_slack, tmp_path, kb)
    await slash(app, fake_slack, "quiz", user="UPLAIN", channel="CPLAIN")
    await slash(app, fake_slack, "quiz", user="UADMIN", channel="CADMIN")
    await fake_slack.wait_for("chat.postMessage", 2)  # both see today's question

    await scheduler.tick(POST_TIME)

    assert len(posts_to(fake_slack, "CPLAIN")) == 1  # only the one asked for
    assert len(posts_to(fake_slack, "CADMIN")) == 2  # and the daily post
    plain = core.store.channel_config(ChannelRef("slack", "T0TEAM", "CPLAIN"))  # type: ignore[union-attr]
    assert plain is not None and not plain.enabled


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
async def test_a_slack_channel_the_bot_cannot_post_in_is_turned_off_and_the_admin_told(
    fake_slack: FakeSlack, tmp_path: Path, kb: KnowledgeBase, caplog, error: str
):
    core, app, scheduler = slack_world(fake_slack, tmp_path, kb)
    await slash(app, fake_slack, "config on", user="UADMIN", channel="CGONE")
    await fake_slack.wait_for("webhook")
    fake_slack.errors["chat.postMessage"] = error

    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        for minutes in (0, 6, 30, 120):
            await scheduler.tick(POST_TIME + timedelta(minutes=minutes))

    attempts = posts_to(fake_slack, "CGONE")
    assert len(attempts) == 1  # tried once, then never again
    [dm] = posts_to(fake_slack, "UADMIN")
    assert "turned off the daily quiz in <#CGONE>" in dm.body["text"] and error in dm.body["text"]
    warnings = [r for r in caplog.records if "turned off" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].exc_info is None
    cfg = core.store.channel_config(ChannelRef("slack", "T0TEAM", "CGONE"))  # type: ignore[union-attr]
    assert cfg is not None and not cfg.enabled

    await slash(app, fake_slack, "config on", user="UADMIN", channel="CGONE")  # invited back
    await scheduler.tick(POST_TIME + timedelta(minutes=180))
    assert len(posts_to(fake_slack, "CGONE")) == 2


async def test_a_failure_that_may_pass_backs_off_and_a_success_ends_the_back_off(
    fake_slack: FakeSlack, tmp_path: Path, kb: KnowledgeBase
):
    core, app, scheduler = slack_world(fake_slack, tmp_path, kb)
    await slash(app, fake_slack, "config on", user="UADMIN", channel="CBUSY")
    await fake_slack.wait_for("webhook")

    fake_slack.errors["chat.postMessage"] = "internal_error"
    await scheduler.tick(POST_TIME)
    for minutes in (1, 2, 3, 4):  # every scheduler pass within the back-off posts nothing
        await scheduler.tick(POST_TIME + timedelta(minutes=minutes))
    assert len(posts_to(fake_slack, "CBUSY")) == 1
    fake_slack.errors["chat.postMessage"] = "internal_error"
    await scheduler.tick(POST_TIME + timedelta(minutes=6))  # the second try fails too
    await scheduler.tick(POST_TIME + timedelta(minutes=20))  # waits 20 minutes now
    assert len(posts_to(fake_slack, "CBUSY")) == 2
    await scheduler.tick(POST_TIME + timedelta(minutes=27))
    assert len(posts_to(fake_slack, "CBUSY")) == 3  # the third try goes out

    cfg = core.store.channel_config(ChannelRef("slack", "T0TEAM", "CBUSY"))  # type: ignore[union-attr]
    assert cfg is not None and cfg.enabled and cfg.failures == 0 and cfg.paused_until is None
    assert not posts_to(fake_slack, "UADMIN")  # nobody is bothered about a passing failure


# --- Discord ---------------------------------------------------------------------------------


def discord_settings(fake: FakeDiscord, tmp_path: Path, admins: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        discord_token=TOKEN,
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        discord_guild_id=GUILD_ID,
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        studybot_admins=admins,
    )


async def test_a_discord_channel_answering_403_is_turned_off_and_the_admin_gets_a_dm(
    fake_discord: FakeDiscord, tmp_path: Path, kb: KnowledgeBase, caplog
):
    settings = discord_settings(fake_discord, tmp_path, admins=str(USER_ID))
    core = build_bot(settings, now=lambda: MONDAY, kb=kb)
    runtime = await start_discord(core, settings)
    try:
        await asyncio.wait_for(fake_discord.identified.wait(), 10)
        channel = ChannelRef("discord", str(GUILD_ID), str(CHANNEL_ID))
        admin = Caller(Player("discord", str(GUILD_ID), str(USER_ID), "admin"), channel, True)
        core.handle(
            admin, "config on", MONDAY
        )  # the client's clock is today's: set it up on Monday
        assert core.store.channel_config(channel).enabled  # type: ignore[union-attr]
        fake_discord.forbidden.add(CHANNEL_ID)
        scheduler = QuizScheduler(core, {"discord": runtime.publisher}, lambda: MONDAY)
        with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
            for minutes in (0, 6, 60):
                await scheduler.tick(POST_TIME + timedelta(minutes=minutes))
    finally:
        await runtime.close()

    posts = fake_discord.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")
    assert len(posts) == 1
    [(dm_channel, user)] = fake_discord.dms.items()
    assert user == USER_ID
    [dm] = fake_discord.calls_to("POST", f"/channels/{dm_channel}/messages")
    assert "turned off the daily quiz" in dm.body["content"] and "403" in dm.body["content"]
    assert sum("turned off" in r.getMessage() for r in caplog.records) == 1
    assert not core.store.channel_config(channel).enabled  # type: ignore[union-attr]


async def test_a_discord_quiz_from_a_non_admin_does_not_sign_the_channel_up(
    fake_discord: FakeDiscord, tmp_path: Path, kb: KnowledgeBase
):
    settings = discord_settings(fake_discord, tmp_path, admins="")
    core = build_bot(settings, now=lambda: MONDAY, kb=kb)
    runtime = await start_discord(core, settings)
    try:
        await asyncio.wait_for(fake_discord.identified.wait(), 10)
        callback = await fake_discord.slash("quiz")
        reply = await fake_discord.reply_to(callback)
        assert "Quiz of" in str(reply.body)
        scheduler = QuizScheduler(core, {"discord": runtime.publisher}, lambda: MONDAY)
        await scheduler.tick(POST_TIME)
    finally:
        await runtime.close()

    assert not fake_discord.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")
    cfg = core.store.channel_config(ChannelRef("discord", str(GUILD_ID), str(CHANNEL_ID)))  # type: ignore[union-attr]
    assert cfg is not None and not cfg.enabled


def test_the_terminal_caller_is_admin_only_when_no_admins_are_named() -> None:
    from bot.adapters.terminal import terminal_caller

    assert terminal_caller("you", "general").is_admin
    assert terminal_caller("alice", "general", frozenset({"alice"})).is_admin
    assert not terminal_caller("mallory", "general", frozenset({"alice"})).is_admin
    assert isinstance(terminal_caller("you", "general"), Caller)
    assert terminal_caller("you", "general").player == Player("terminal", "local", "you", "you")
