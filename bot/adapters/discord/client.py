"""The Discord client: turns slash commands, button clicks and mentions into StudyBot calls."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import discord
from discord.ext import commands

from bot.adapters.discord.buttons import ChoiceButton
from bot.adapters.discord.publisher import DiscordPublisher, message_ref
from bot.adapters.discord.render import to_discord_message
from bot.adapters.discord.respond import SORRY, answer_interaction, tell_failure
from bot.adapters.discord.slash import StudyCommands
from bot.adapters.inflight import InFlight
from bot.core import Caller, ChannelRef, Player, Reply, StudyBot

log = logging.getLogger(__name__)

PLATFORM = "discord"
RESTARTING = "studybot is restarting; please try again in a minute."
PRIVATE_HINT = "That answer is just for you, and I cannot DM you: use `/study` so only you see it."

BackgroundJob = Callable[["StudyBotClient"], Awaitable[None]]
"""A coroutine run for the client's lifetime once it is set up, e.g. the daily quiz scheduler."""


class StudyBotClient(commands.Bot):
    """studybot on Discord: `/study …` commands, persistent quiz buttons and `@studybot` mentions.
    Needs no privileged intent: Discord delivers the text of messages that mention the bot."""

    def __init__(
        self,
        core: StudyBot,
        *,
        admin_ids: Iterable[str] = (),
        sync_guild: int | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        background: Iterable[BackgroundJob] = (),
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.core = core
        self.admin_ids = frozenset(admin_ids)
        self.sync_guild = sync_guild
        self.clock = clock
        self.publisher = DiscordPublisher(self)
        self._background = list(background)
        self._tasks: list[asyncio.Task[None]] = []
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign,assignment]
        # Interactions already deferred are finished on a stop; Discord does not resend them.
        self.inflight = InFlight()
        self.handle_words = self._drained(self.handle_words)  # type: ignore[method-assign,assignment]
        self.handle_ask = self._drained(self.handle_ask)  # type: ignore[method-assign,assignment]
        self.handle_press = self._drained(self.handle_press)  # type: ignore[method-assign,assignment]

    def _drained(self, handler: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        """`handler`, counted while it runs; once stopping, new interactions are told to retry."""
        tracked = self.inflight.track(handler)

        @functools.wraps(handler)
        async def run(interaction: discord.Interaction[Any], *args: Any) -> None:
            if self.inflight.closing:
                await interaction.response.send_message(RESTARTING, ephemeral=True)
                return
            await tracked(interaction, *args)

        return run

    async def setup_hook(self) -> None:
        # Once per process: on_ready fires again on every reconnect and would re-sync each time.
        self.add_dynamic_items(ChoiceButton)
        self.tree.add_command(StudyCommands(self))
        if self.sync_guild is not None:
            guild = discord.Object(id=self.sync_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("discord: %d commands synced %s", len(synced), self._sync_scope())
        self._tasks = [asyncio.create_task(self._run(job)) for job in self._background]

    def _sync_scope(self) -> str:
        return f"to guild {self.sync_guild}" if self.sync_guild is not None else "globally"

    async def _run(self, job: BackgroundJob) -> None:
        try:
            await job(self)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("discord background job %s stopped", getattr(job, "__name__", job))

    async def close(self) -> None:
        await self.inflight.drain()  # the caller bounds this by the grace period
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await super().close()

    # --- translating platform events into core calls -------------------------------------------

    def caller(self, interaction: discord.Interaction[Any]) -> Caller:
        """Who clicked or typed, where, and whether they may administer this server."""
        user = interaction.user
        is_admin = interaction.permissions.manage_guild or str(user.id) in self.admin_ids
        return _caller(interaction.guild_id, interaction.channel_id, user, is_admin)

    async def handle_words(self, interaction: discord.Interaction[Any], text: str) -> None:
        """Answer a `/study` subcommand by handing its words to the core, as typed in a chat."""
        caller = self.caller(interaction)
        result = await answer_interaction(
            interaction, lambda: self.core.handle(caller, text, self.clock())
        )
        if result is not None:
            await self._after_send(caller.channel, *result)

    async def handle_ask(self, interaction: discord.Interaction[Any], question: str) -> None:
        """Answer `/study ask`: always a question, even if it reads like a command word."""
        caller = self.caller(interaction)
        await answer_interaction(
            interaction, lambda: self.core.ask(question, caller, self.clock()).reply
        )

    async def handle_press(self, interaction: discord.Interaction[Any], value: str) -> None:
        """A quiz button click: recorded by the core, answered to the clicker only. A click after
        the close gets the reveal, and the quiz message is edited into it."""
        caller = self.caller(interaction)
        result = await answer_interaction(
            interaction, lambda: self.core.press(caller, value, self.clock()), always_private=True
        )
        if result is not None:
            await self._after_send(caller.channel, *result)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or self.user is None:
            return
        if self.user.id not in message.raw_mentions:
            return
        member = message.author
        is_admin = isinstance(member, discord.Member) and member.guild_permissions.manage_guild
        caller = _caller(
            message.guild.id,
            message.channel.id,
            member,
            is_admin or str(member.id) in self.admin_ids,
        )
        try:
            reply = await asyncio.to_thread(self.core.handle, caller, message.content, self.clock())
            sent_id = await self._reply_to_mention(message, reply)
            await self._after_send(caller.channel, reply, sent_id)
        except Exception:
            log.exception("discord mention %s failed", message.id)
            await message.reply(SORRY, mention_author=False)

    async def _reply_to_mention(self, message: discord.Message, reply: Reply) -> int | None:
        rendered = to_discord_message(reply)
        if not reply.private:
            sent = await message.reply(**rendered.send_kwargs(), mention_author=False)
            return sent.id
        # A channel message cannot be private: send it by DM, without buttons (clicks there
        # would come from outside the server).
        try:
            await message.author.send(**replace(rendered, view=None).send_kwargs())
        except discord.Forbidden:
            await message.reply(PRIVATE_HINT, mention_author=False)
        return None

    async def _after_send(self, channel: ChannelRef, reply: Reply, sent_id: int | None) -> None:
        """Tell the core where its quiz went; a reveal edits the quiz message it names."""
        if reply.kind == "quiz" and not reply.private and reply.quiz_id and sent_id is not None:
            ref = message_ref(int(channel.channel_id), sent_id)
            await asyncio.to_thread(self.core.record_post, reply.quiz_id, ref)
        elif reply.kind == "reveal" and reply.extra.get("message_ref"):
            try:
                await self.publisher.edit(channel, reply.extra["message_ref"], reply)
            except discord.HTTPException:
                log.warning("could not edit the quiz message %s", reply.extra["message_ref"])

    async def _on_tree_error(
        self, interaction: discord.Interaction[Any], error: discord.app_commands.AppCommandError
    ) -> None:
        log.error("discord command %s failed", interaction.id, exc_info=error)
        await tell_failure(interaction)


class ShardedStudyBotClient(StudyBotClient, commands.AutoShardedBot):
    """The same bot over several gateway shards (`DISCORD_SHARDS`), for very many servers."""


def _caller(
    guild_id: int | None, channel_id: int | None, user: discord.abc.User, is_admin: bool
) -> Caller:
    workspace = str(guild_id)
    player = Player(PLATFORM, workspace, str(user.id), user.display_name)
    return Caller(player, ChannelRef(PLATFORM, workspace, str(channel_id)), is_admin=is_admin)
