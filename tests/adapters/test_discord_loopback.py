"""StudyBotClient over real HTTP and WebSocket: discord.py against the fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import discord
import pytest
from fakes.discord_api import APP_ID, GUILD_ID, TOKEN, USER_ID, FakeDiscord

from bot.adapters.discord import DiscordRuntime, start_discord
from bot.bootstrap import build_bot
from bot.core import KnowledgeBase, StudyBot
from bot.settings import Settings


def discord_settings(fake_discord: FakeDiscord, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "discord_token": TOKEN,
        "discord_api_base": fake_discord.api_base,
        "discord_gateway_url": fake_discord.gateway_url,
        "discord_guild_id": GUILD_ID,
        "database_url": "sqlite://",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def running(fake_discord: FakeDiscord, kb: KnowledgeBase) -> AsyncIterator[DiscordRuntime]:
    runtime = await start_discord(StudyBot(kb), discord_settings(fake_discord))
    # Events flow once the session is identified; READY itself waits 2 s for more guilds.
    await asyncio.wait_for(fake_discord.identified.wait(), 10)
    yield runtime
    await runtime.close()


async def test_login_identifies_without_privileged_intents(
    fake_discord: FakeDiscord, running
) -> None:
    assert fake_discord.calls_to("GET", "/users/@me")
    assert fake_discord.identify is not None and fake_discord.identify["token"] == TOKEN
    assert fake_discord.identify["intents"] == discord.Intents.default().value


async def test_commands_are_synced_once_to_the_configured_guild(
    fake_discord: FakeDiscord, running
) -> None:
    puts = fake_discord.calls_to("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    assert len(puts) == 1
    (study,) = puts[0].body
    assert study["name"] == "study"
    subs = {option["name"] for option in study["options"]}
    assert {"ask", "quiz", "answer", "leaderboard", "stats", "practice", "reveal", "config"} <= subs
    assert not fake_discord.calls_to("PUT", f"/applications/{APP_ID}/commands")


async def test_ask_interaction_is_answered_within_three_seconds(
    fake_discord: FakeDiscord, running
) -> None:
    callback = await fake_discord.slash("ask", question="what is fargate")
    assert callback.body["type"] == 4
    assert callback.body["data"]["embeds"][0]["title"] == "AWS Fargate"
    assert not (callback.body["data"].get("flags") or 0) & 64


async def test_a_failing_handler_tells_the_user_and_the_bot_keeps_serving(
    fake_discord: FakeDiscord, running: DiscordRuntime, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    def broken(question: str, *_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(running.client.core, "ask", broken)
    with caplog.at_level(logging.ERROR):
        callback = await fake_discord.slash("ask", question="what is fargate")
    assert callback.body["data"]["flags"] & 64
    assert "something went wrong" in callback.body["data"]["content"]
    assert "boom" in caplog.text
    monkeypatch.undo()
    again = await fake_discord.slash("ask", question="what is lambda")
    assert again.body["data"]["embeds"][0]["title"] == "AWS Lambda"


async def test_a_slow_core_is_deferred_then_followed_up(
    fake_discord: FakeDiscord, running: DiscordRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.adapters.discord.respond as respond

    monkeypatch.setattr(respond, "ANSWER_WITHIN", 0.05)
    original = running.client.core.ask

    def slow(question: str, *rest):
        import time

        time.sleep(0.3)
        return original(question, *rest)

    monkeypatch.setattr(running.client.core, "ask", slow)
    callback = await fake_discord.slash("ask", question="what is fargate")
    assert callback.body["type"] == 5
    for _ in range(50):
        if fake_discord.calls_to("POST", f"/webhooks/{APP_ID}/"):
            break
        await asyncio.sleep(0.05)
    (followup,) = fake_discord.calls_to("POST", f"/webhooks/{APP_ID}/")
    assert followup.body["embeds"][0]["title"] == "AWS Fargate"


async def test_the_token_is_never_logged(
    fake_discord: FakeDiscord, kb: KnowledgeBase, caplog
) -> None:
    with caplog.at_level(logging.DEBUG):
        runtime = await start_discord(StudyBot(kb), discord_settings(fake_discord))
        await asyncio.wait_for(fake_discord.identified.wait(), 10)
        await fake_discord.slash("ask", question="what is fargate")
        await runtime.close()
    assert TOKEN not in caplog.text
    assert TOKEN.split(".")[0] not in caplog.text


async def test_close_restores_discord_urls(fake_discord: FakeDiscord, kb: KnowledgeBase) -> None:
    def current() -> tuple[str, object]:
        return discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY

    before = current()
    runtime = await start_discord(StudyBot(kb), discord_settings(fake_discord))
    assert current()[0] == fake_discord.api_base
    await runtime.close()
    assert current() == before


async def test_discord_shards_runs_an_auto_sharded_client(
    fake_discord: FakeDiscord, kb: KnowledgeBase
) -> None:
    runtime = await start_discord(StudyBot(kb), discord_settings(fake_discord, discord_shards=1))
    try:
        assert isinstance(runtime.client, discord.AutoShardedClient)
        assert runtime.client.shard_count == 1
        await asyncio.wait_for(fake_discord.identified.wait(), 10)
        callback = await fake_discord.slash("ask", question="what is fargate")
        assert callback.body["type"] == 4
    finally:
        await runtime.close()


@pytest.mark.parametrize(
    ("admins", "permissions", "allowed"),
    [("", "0", False), (str(USER_ID), "0", True), ("", str(1 << 5), True)],  # 1 << 5: Manage Server
)
async def test_admins_have_manage_server_or_are_listed(
    fake_discord: FakeDiscord,
    kb: KnowledgeBase,
    tmp_path,
    admins: str,
    permissions: str,
    allowed: bool,
) -> None:
    settings = discord_settings(
        fake_discord, studybot_admins=admins, database_url=f"sqlite:///{tmp_path}/studybot.db"
    )
    runtime = await start_discord(build_bot(settings, kb=kb), settings)
    try:
        await asyncio.wait_for(fake_discord.identified.wait(), 10)
        data = {
            "id": "1",
            "name": "study",
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": [
                {
                    "name": "config",
                    "type": 1,
                    "options": [
                        {"name": "setting", "type": 3, "value": "time"},
                        {"name": "value", "type": 3, "value": "10:00"},
                    ],
                }
            ],
        }
        callback = await fake_discord.interact(2, data, permissions=permissions)
        reply = callback.body["data"]
        text = reply.get("content") or reply["embeds"][0]["description"]
        assert ("needs an admin" in text) is not allowed
    finally:
        await runtime.close()
