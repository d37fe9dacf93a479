"""A stop while a Discord interaction is deferred: the client finishes it before it disconnects."""

from __future__ import annotations

import asyncio
import time

from fakes.discord_api import APP_ID, GUILD_ID, TOKEN, FakeDiscord

from bot.adapters.discord import start_discord
from bot.core import KnowledgeBase, StudyBot
from bot.settings import Settings


async def test_a_deferred_interaction_is_finished_before_the_client_closes(
    fake_discord: FakeDiscord, kb: KnowledgeBase
) -> None:
    core = StudyBot(kb)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        discord_token=TOKEN,
        discord_api_base=fake_discord.api_base,
        discord_gateway_url=fake_discord.gateway_url,
        discord_guild_id=GUILD_ID,
        database_url="sqlite://",
    )
    runtime = await start_discord(core, settings)
    await asyncio.wait_for(fake_discord.identified.wait(), 10)
    real_ask = core.ask

    def slow_ask(question: str, *args, **kwargs):  # longer than Discord's 3 s: deferred
        time.sleep(3.5)
        return real_ask(question, *args, **kwargs)

    core.ask = slow_ask  # type: ignore[method-assign]
    callback = await asyncio.wait_for(fake_discord.slash("ask", question="what is fargate"), 10)
    assert callback.body["type"] == 5  # deferred: Discord now waits for the follow-up

    closing = asyncio.ensure_future(runtime.close())  # SIGTERM arrives now
    await asyncio.sleep(0.2)
    late = await asyncio.wait_for(fake_discord.slash("ask", question="what is ecs"), 10)
    assert late.body["type"] == 4 and late.body["data"]["flags"] & 64  # told, privately
    assert "restarting" in late.body["data"]["content"]
    await asyncio.wait_for(closing, 15)

    token = callback.path.strip("/").split("/")[2]
    [followup] = fake_discord.calls_to("PATCH", f"/webhooks/{APP_ID}/{token}") or (
        fake_discord.calls_to("POST", f"/webhooks/{APP_ID}/{token}")
    )
    assert "Fargate" in str(followup.body)
