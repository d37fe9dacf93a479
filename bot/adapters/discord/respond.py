"""Answering one interaction in time: the sync core runs in a thread, slow work goes to a follow-up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import discord

from bot.adapters.discord.render import to_discord_message
from bot.core import Reply

log = logging.getLogger(__name__)

ANSWER_WITHIN = 2.0
"""Seconds to wait for the core before deferring: Discord drops interactions not answered in 3 s."""

SORRY = "Sorry, something went wrong on my side. It is logged; please try again in a moment."


async def answer_interaction(
    interaction: discord.Interaction[Any],
    work: Callable[[], Reply],
    *,
    always_private: bool = False,
) -> tuple[Reply, int | None] | None:
    """Run `work` off the loop and send its reply; returns the reply and the sent message's id,
    or None when it failed (the user has been told)."""
    try:
        reply = await _run_in_time(interaction, work, always_private)
        private = always_private or reply.private
        return reply, await _send(interaction, reply, private, deferred_private=always_private)
    except Exception:
        log.exception("discord interaction %s failed", _describe(interaction))
        await tell_failure(interaction)
        return None


async def _run_in_time(
    interaction: discord.Interaction[Any], work: Callable[[], Reply], private: bool
) -> Reply:
    job = asyncio.ensure_future(asyncio.to_thread(work))
    try:
        return await asyncio.wait_for(asyncio.shield(job), ANSWER_WITHIN)
    except TimeoutError:
        await interaction.response.defer(ephemeral=private, thinking=True)
        return await job


async def _send(
    interaction: discord.Interaction[Any], reply: Reply, private: bool, *, deferred_private: bool
) -> int | None:
    kwargs = to_discord_message(reply).send_kwargs()
    if not interaction.response.is_done():
        callback = await interaction.response.send_message(**kwargs, ephemeral=private)
        return callback.message_id
    if private and not deferred_private:
        # The deferred "thinking…" message is public; a private reply must not replace it.
        await interaction.delete_original_response()
    message = await interaction.followup.send(**kwargs, ephemeral=private, wait=True)
    return message.id


async def tell_failure(interaction: discord.Interaction[Any]) -> None:
    """Tell the user, privately, that their request failed; never raise from here."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(SORRY, ephemeral=True)
        else:
            await interaction.response.send_message(SORRY, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the user about the failure of %s", _describe(interaction))


def _describe(interaction: discord.Interaction[Any]) -> str:
    name = interaction.command.qualified_name if interaction.command else None
    custom_id = interaction.data.get("custom_id") if interaction.data else None
    return f"{interaction.id} ({name or custom_id or interaction.type.name})"
