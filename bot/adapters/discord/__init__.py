"""studybot on Discord (discord.py 2.x): slash commands, persistent quiz buttons, mentions.

The modules import the `discord` library absolutely; this package never shadows it."""

from bot.adapters.discord.buttons import ChoiceButton
from bot.adapters.discord.client import ShardedStudyBotClient, StudyBotClient
from bot.adapters.discord.publisher import DiscordPublisher
from bot.adapters.discord.render import DiscordMessage, to_discord_message
from bot.adapters.discord.runtime import DiscordRuntime, build_client, start_discord

__all__ = [
    "ChoiceButton",
    "DiscordMessage",
    "DiscordPublisher",
    "DiscordRuntime",
    "ShardedStudyBotClient",
    "StudyBotClient",
    "build_client",
    "start_discord",
    "to_discord_message",
]
