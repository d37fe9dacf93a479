"""studybot on Discord, driven through SimCord: real discord.py against an in-memory Discord."""

from __future__ import annotations

import pytest

from bot.adapters.discord import StudyBotClient
from bot.core import KnowledgeBase, StudyBot

pytest_plugins = ["simcord.pytest_plugin"]

pytestmark = pytest.mark.simcord


@pytest.fixture
def simcord_bot(kb: KnowledgeBase) -> StudyBotClient:
    return StudyBotClient(StudyBot(kb))


@pytest.fixture
def world(simcord_env):
    guild = simcord_env.create_guild("Study Group")
    channel = guild.create_text_channel("general")
    alice = guild.add_member(simcord_env.create_user("alice"))
    return guild, channel, alice


async def test_commands_are_synced_at_setup(simcord_env, world):
    _, channel, alice = world
    offered = alice.available_commands(channel)
    for sub in ("ask", "quiz", "answer", "leaderboard", "stats", "practice", "reveal", "config"):
        assert f"study {sub}" in offered


async def test_ask_answers_with_an_embed_in_the_channel(simcord_env, world):
    _, channel, alice = world
    result = await alice.slash(channel, "study ask", question="what is fargate")
    assert result.acknowledged and not result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "AWS Fargate"
    assert "serverless compute engine for containers" in embed.description
    sources = next(f for f in embed.fields if f.name == "Sources")
    assert "https://docs.aws.amazon.com/" in sources.value


async def test_ask_puts_the_fact_asked_for_first(simcord_env, world):
    _, channel, alice = world
    result = await alice.slash(channel, "study ask", question="lambda max timeout?")
    embed = result.response.embeds[0]
    assert embed.title == "AWS Lambda"
    assert "15 minutes" in embed.description.split("\n\n")[0]


async def test_ask_declines_plainly_without_an_embed(simcord_env, world):
    _, channel, alice = world
    result = await alice.slash(channel, "study ask", question="how do I bake sourdough bread")
    assert result.response.embeds == []
    assert "don't know" in result.response.content


async def test_ask_autocompletes_topic_names(simcord_env, world):
    _, channel, alice = world
    choices = await alice.autocomplete(channel, "study ask", "question", "farg")
    names = [c["name"] for c in choices]
    assert names[0] == "AWS Fargate"
    assert all("Fargate" in n for n in names)
    everything = await alice.autocomplete(channel, "study ask", "question", "")
    assert 1 < len(everything) <= 25


async def test_a_mention_is_answered_without_the_message_content_intent(simcord_env, world):
    _, channel, alice = world
    assert not simcord_env.bot.intents.message_content
    await alice.send(channel, f"{simcord_env.bot.user.mention} what is fargate")
    reply = channel.last_message
    assert reply.author.id == simcord_env.bot.user.id
    assert reply.embeds[0].title == "AWS Fargate"


async def test_messages_without_a_mention_are_ignored(simcord_env, world):
    _, channel, alice = world
    await alice.send(channel, "what is fargate")
    assert channel.last_message.author.id == alice.id


async def test_help_lists_the_commands(simcord_env, world):
    _, channel, alice = world
    result = await alice.slash(channel, "study help")
    text = result.response.embeds[0].description
    assert "quiz" in text and "leaderboard" in text
