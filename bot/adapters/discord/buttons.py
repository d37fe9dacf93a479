"""The persistent quiz button: the choice's value lives in the custom id, so it works after restarts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

import discord

if TYPE_CHECKING:
    from bot.adapters.discord.client import StudyBotClient

PREFIX = "sb:"
CUSTOM_ID_LIMIT = 100


class ChoiceButton(discord.ui.DynamicItem[discord.ui.Button], template=r"sb:(?P<value>.+)"):
    """One option of a quiz. A click hands `Choice.value` back to the core via `StudyBot.press`."""

    def __init__(self, value: str, *, label: str = "?") -> None:
        custom_id = PREFIX + value
        if len(custom_id) > CUSTOM_ID_LIMIT:
            raise ValueError(f"choice value too long for a Discord custom id: {value!r}")
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=custom_id)
        )
        self.value = value

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ChoiceButton:
        return cls(match["value"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        client = cast("StudyBotClient", interaction.client)
        await client.handle_press(interaction, self.value)
