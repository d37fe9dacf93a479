"""studybot on Discord, driven through SimCord: real discord.py against an in-memory Discord.

The bot runs with the real knowledge base, a temporary SQLite database and the project's
QuizScheduler started inside the client, all on SimCord's virtual clock (2026-01-01 00:00 UTC, a
Thursday, at the start)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest

from bot.adapters.discord import StudyBotClient
from bot.bootstrap import build_bot
from bot.core import KnowledgeBase, StudyBot
from bot.scheduler import QuizScheduler
from bot.settings import Settings

pytest_plugins = ["simcord.pytest_plugin"]

pytestmark = pytest.mark.simcord

SCHEDULER_INTERVAL = 900.0


class VirtualClock:
    """SimCord's clock once the environment runs; its epoch before."""

    env = None

    def __call__(self) -> datetime:
        return self.env.now() if self.env is not None else datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def core(tmp_path: Path, kb: KnowledgeBase, clock: VirtualClock) -> StudyBot:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path}/studybot.db")  # type: ignore[call-arg]
    return build_bot(settings, now=clock, kb=kb)


def new_client(core: StudyBot, clock: VirtualClock) -> StudyBotClient:
    async def daily_quiz(client: StudyBotClient) -> None:
        await QuizScheduler(core, {"discord": client.publisher}, clock, SCHEDULER_INTERVAL).run()

    return StudyBotClient(core, clock=clock, background=[daily_quiz])


@pytest.fixture
def simcord_bot(core: StudyBot, clock: VirtualClock) -> StudyBotClient:
    return new_client(core, clock)


@pytest.fixture
def world(simcord_env, clock: VirtualClock):
    clock.env = simcord_env
    guild = simcord_env.create_guild("Study Group")
    channel = guild.create_text_channel("general")
    alice = guild.add_member(simcord_env.create_user("alice"))
    return guild, channel, alice


@pytest.fixture
def admin(simcord_env, world):
    guild, _, _ = world
    role = guild.create_role("mods", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(simcord_env.create_user("mia"), roles=[role])


def buttons(message: discord.Message) -> list[discord.Button]:
    return [c for row in message.components for c in row.children]  # type: ignore[union-attr]


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


async def test_quiz_is_posted_as_an_embed_with_one_button_per_option(simcord_env, world, core):
    _, channel, alice = world
    result = await alice.slash(channel, "study quiz")
    assert not result.ephemeral
    message = result.response.message
    assert message.embeds[0].title.startswith("Quiz of Thu 2026-01-01")
    labels = [b.label for b in buttons(message)]
    assert [label[:2] for label in labels] == ["A)", "B)", "C)", "D)"]
    quiz_id = int(buttons(message)[0].custom_id.split(":")[2])
    assert core.store.quiz(quiz_id).message_ref == f"{channel.id}:{message.id}"


async def test_a_click_is_recorded_privately_and_a_second_click_is_refused(simcord_env, world):
    _, channel, alice = world
    message = (await alice.slash(channel, "study quiz")).response.message
    first, second = buttons(message)[1], buttons(message)[2]
    click = await alice.click(message, label=first.label)
    assert click.ephemeral
    assert click.response.content.startswith("Locked in: B)")
    again = await alice.click(message, label=second.label)
    assert again.ephemeral
    assert "already answered" in again.response.content and "(B)" in again.response.content


async def test_reveal_edits_the_quiz_message_and_scores_the_clicks(simcord_env, world, admin, core):
    _, channel, alice = world
    message = (await alice.slash(channel, "study quiz")).response.message
    quiz_id = int(buttons(message)[0].custom_id.split(":")[2])
    correct = core.store.quiz(quiz_id).correct
    await alice.click(message, label=buttons(message)[correct].label)

    refused = await alice.slash(channel, "study reveal")
    assert refused.ephemeral and "admin" in refused.response.content
    revealed = await admin.slash(channel, "study reveal")
    assert not revealed.ephemeral
    assert revealed.response.embeds[0].description.startswith(f"Answer: {'ABCD'[correct]})")

    edited = next(m for m in channel.history() if m.id == message.id)
    assert edited.embeds[0].description.startswith("Answer:")
    assert [b.label for b in buttons(edited)] == ["Report a problem"]  # the options are gone
    report = await alice.click(edited, label="Report a problem")
    assert report.ephemeral and report.response.content.startswith("Thanks, flagged")
    assert [f.question_id for f in core.store.open_flags("discord", str(edited.guild.id))] == [
        core.store.quiz(quiz_id).question_id
    ]
    board = await alice.slash(channel, "study leaderboard", period="week")
    assert "alice" in board.response.embeds[0].description


async def test_old_buttons_keep_working_after_a_restart(simcord_env, world, core, clock):
    guild, channel, alice = world
    bob = guild.add_member(simcord_env.create_user("bob"))
    message = (await alice.slash(channel, "study quiz")).response.message
    await alice.click(message, label=buttons(message)[0].label)

    await simcord_env.restart_bot(new_client(core, clock))

    again = await alice.click(message, label=buttons(message)[1].label)
    assert "already answered" in again.response.content
    fresh = await bob.click(message, label=buttons(message)[3].label)
    assert fresh.response.content.startswith("Locked in: D)")


async def test_non_admins_cannot_change_the_quiz_settings(simcord_env, world, admin):
    _, channel, alice = world
    refused = await alice.slash(channel, "study config", setting="time", value="10:00")
    assert refused.ephemeral
    assert "needs an admin" in refused.response.content
    changed = await admin.slash(channel, "study config", setting="time", value="10:00")
    assert "10:00" in (changed.response.content or changed.response.embeds[0].description)


async def test_stats_and_practice_are_private(simcord_env, world):
    _, channel, alice = world
    assert (await alice.slash(channel, "study stats")).ephemeral
    practice = await alice.slash(channel, "study practice")
    assert practice.ephemeral
    assert len(buttons(practice.response.message)) == 4
    click = await alice.click(
        practice.response.message, label=buttons(practice.response.message)[0].label
    )
    assert click.ephemeral


@pytest.mark.simcord(settle_timeout=60)
async def test_the_daily_quiz_posts_reveals_and_posts_again_on_virtual_time(
    simcord_env, world, admin
):
    _, channel, alice = world
    await simcord_env.advance_time(8.5 * 3600)  # Thu 08:30: configure after yesterday's window
    await admin.slash(channel, "study config", setting="time", value="09:00")
    assert not [m for m in channel.history() if m.embeds and m.embeds[0].title.startswith("Quiz")]

    await simcord_env.advance_time(3600)  # Thu 09:30
    (thursday,) = [
        m for m in channel.history() if m.embeds and "Thu 2026-01-01" in m.embeds[0].title
    ]
    assert len(buttons(thursday)) == 4
    click = await alice.click(thursday, label=buttons(thursday)[0].label)
    assert click.response.content.startswith("Locked in: A)")

    await simcord_env.advance_time(23 * 3600)  # Fri 08:30: Thursday closed, Friday not yet posted
    thursday = next(m for m in channel.history() if m.id == thursday.id)
    assert thursday.embeds[0].description.startswith("Answer:")
    assert [b.label for b in buttons(thursday)] == ["Report a problem"]  # only Report is left

    await simcord_env.advance_time(3600)  # Fri 09:30
    titles = [m.embeds[0].title for m in channel.history() if m.embeds]
    assert sum("Fri 2026-01-02" in t for t in titles) == 1


async def test_answer_by_command_uses_the_same_words_as_the_terminal(simcord_env, world):
    _, channel, alice = world
    await alice.slash(channel, "study quiz")
    typed = await alice.slash(channel, "study answer", choice="c")
    assert typed.ephemeral
    assert typed.response.content.startswith("Locked in: C)")


async def test_a_private_reply_to_a_mention_goes_by_direct_message(simcord_env, world):
    _, channel, alice = world
    await alice.send(channel, f"{simcord_env.bot.user.mention} stats")
    assert channel.last_message.author.id == alice.id  # nothing public
    stats = alice.user.dm_channel.last_message
    assert stats is not None and stats.author.id == simcord_env.bot.user.id
    assert stats.embeds or stats.content


async def test_a_comparison_offers_a_full_table_button(simcord_env, world):
    _, channel, alice = world
    message = (await alice.slash(channel, "study ask", question="lambda vs batch")).response.message
    assert [b.label for b in buttons(message)] == ["Full table"]
    assert "Trigger model" not in message.embeds[0].description
    click = await alice.click(message, label="Full table")
    assert click.ephemeral
    assert "Trigger model" in click.response.embeds[0].description


async def test_a_follow_up_is_about_the_previous_question(simcord_env, world):
    _, channel, alice = world
    await alice.slash(channel, "study ask", question="what is fargate")
    result = await alice.slash(channel, "study ask", question="how is it priced?")
    embed = result.response.embeds[0]
    assert embed.title == "AWS Fargate"
    assert "pricing" in embed.description.split("\n\n")[0]
