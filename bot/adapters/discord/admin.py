"""`/studyadmin …`: the admin commands, in a group of their own that Discord shows only to members
with Manage Server (`default_permissions`); the core checks the permission again on every call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.core.choices import SETTING_NAMES, value_suggestions

if TYPE_CHECKING:
    from bot.adapters.discord.client import StudyBotClient

Interaction = discord.Interaction[Any]
CHOICE_LIMIT = 100


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class StudyAdminCommands(
    app_commands.Group, name="studyadmin", description="Run the team's daily quiz (Manage Server)"
):
    """The `/studyadmin` command group, bound to the client that answers it."""

    def __init__(self, client: StudyBotClient) -> None:
        super().__init__()
        self.client = client

    @app_commands.command()
    async def reveal(self, interaction: Interaction) -> None:
        """Reveal today's answer now."""
        await self.client.handle_words(interaction, "quiz reveal")

    @app_commands.command()
    @app_commands.describe(
        setting="the setting to change; leave empty to show them all",
        value='e.g. "09:30", "Europe/Berlin", "mon-fri", "fri 16:00"',
    )
    @app_commands.choices(setting=[app_commands.Choice(name=n, value=n) for n in SETTING_NAMES])
    async def config(
        self, interaction: Interaction, setting: str | None = None, value: str | None = None
    ) -> None:
        """Show or change this channel's quiz settings."""
        words = " ".join(w for w in ("config", setting, value) if w)
        await self.client.handle_words(interaction, words)

    @config.autocomplete("value")
    async def _values(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        setting = str(getattr(interaction.namespace, "setting", "") or "")
        topics = self.client.core.quiz_topics()
        return [
            app_commands.Choice(name=v[:CHOICE_LIMIT], value=v[:CHOICE_LIMIT])
            for v in value_suggestions(setting, current, topics)
        ]
