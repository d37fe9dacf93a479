"""`/study …`: each subcommand passes the same words the terminal takes to the core.
The docstrings are the descriptions Discord shows in its command picker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands

from bot.core.names import complete_titles

if TYPE_CHECKING:
    from bot.adapters.discord.client import StudyBotClient

AUTOCOMPLETE_LIMIT = 25
CHOICE_NAME_LIMIT = 100

Interaction = discord.Interaction[Any]


@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
class StudyCommands(app_commands.Group, name="study", description="Learn AWS compute together"):
    """The `/study` command group, bound to the client that answers it. It works in DMs too
    (ask, stats, practice, leaderboard, help); the channel's quiz commands need a server channel.
    The admin commands are `/studyadmin` (bot.adapters.discord.admin)."""

    def __init__(self, client: StudyBotClient) -> None:
        super().__init__()
        self.client = client

    @app_commands.command()
    @app_commands.describe(question='e.g. "what is Fargate" or "ecs vs fargate"')
    async def ask(self, interaction: Interaction, question: str) -> None:
        """Ask a question about AWS compute."""
        await self.client.handle_ask(interaction, question)

    @ask.autocomplete("question")
    async def _topics(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=t[:CHOICE_NAME_LIMIT], value=t[:CHOICE_NAME_LIMIT])
            for t in complete_titles(
                self.client.core.kb.topics.values(), current, AUTOCOMPLETE_LIMIT
            )
        ]

    @app_commands.command()
    async def quiz(self, interaction: Interaction) -> None:
        """Show today's quiz question for this channel."""
        await self.client.handle_words(interaction, "quiz", needs_channel=True)

    @app_commands.command()
    @app_commands.describe(choice="your answer: A, B, C or D")
    async def answer(self, interaction: Interaction, choice: Literal["A", "B", "C", "D"]) -> None:
        """Answer today's quiz (your first answer counts)."""
        await self.client.handle_words(interaction, f"answer {choice}", needs_channel=True)

    @app_commands.command()
    @app_commands.describe(
        state="on: a DM before this channel's quiz closes, if you have not answered"
    )
    async def remind(self, interaction: Interaction, state: Literal["on", "off"]) -> None:
        """Turn your reminder for this channel's quiz on or off."""
        await self.client.handle_words(interaction, f"remind {state}", needs_channel=True)

    @app_commands.command()
    @app_commands.describe(period="week, month or all time")
    async def leaderboard(
        self, interaction: Interaction, period: Literal["week", "month", "all"] | None = None
    ) -> None:
        """Show the standings."""
        await self.client.handle_words(interaction, f"leaderboard {period or ''}".strip())

    @app_commands.command()
    async def stats(self, interaction: Interaction) -> None:
        """Your points, rank, streaks and accuracy by topic."""
        await self.client.handle_words(interaction, "stats")

    @app_commands.command()
    async def practice(self, interaction: Interaction) -> None:
        """A private practice question, picked from what you got wrong before."""
        await self.client.handle_words(interaction, "quiz practice")

    @app_commands.command(name="help")
    async def help_(self, interaction: Interaction) -> None:
        """What studybot can do."""
        await self.client.handle_words(interaction, "help")
