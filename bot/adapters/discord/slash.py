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


@app_commands.guild_only()
class StudyCommands(app_commands.Group, name="study", description="Learn AWS compute together"):
    """The `/study` command group, bound to the client that answers it."""

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
        await self.client.handle_words(interaction, "quiz")

    @app_commands.command()
    @app_commands.describe(choice="A-D, 1-4 or the option's text")
    async def answer(self, interaction: Interaction, choice: str) -> None:
        """Answer today's quiz (your first answer counts)."""
        await self.client.handle_words(interaction, f"answer {choice}")

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

    @app_commands.command()
    async def reveal(self, interaction: Interaction) -> None:
        """Reveal today's answer now (Manage Server)."""
        await self.client.handle_words(interaction, "quiz reveal")

    @app_commands.command()
    @app_commands.describe(
        setting="time, timezone, days, window, topics, on or off; empty to show the settings",
        value='e.g. "09:30", "Europe/Berlin", "mon-fri"',
    )
    async def config(
        self, interaction: Interaction, setting: str | None = None, value: str | None = None
    ) -> None:
        """Show or change this channel's quiz settings (Manage Server to change)."""
        words = " ".join(w for w in ("config", setting, value) if w)
        await self.client.handle_words(interaction, words)

    @app_commands.command(name="help")
    async def help_(self, interaction: Interaction) -> None:
        """What studybot can do."""
        await self.client.handle_words(interaction, "help")
