"""The two ways Slack reaches the bot, over real loopback sockets: HTTP mode and Socket Mode."""

from __future__ import annotations

import asyncio
import json
import socket
from urllib.parse import urlencode

import aiohttp
import pytest
from fakes import free_port
from fakes.slack import (
    APP_TOKEN,
    FORM,
    command_fields,
    event_body,
    mention,
    signed_headers,
    slack_settings,
)

from bot.adapters.slack import SlackConfigError, start_slack
from bot.core import StudyBot

# ---- HTTP mode


async def test_http_mode_answers_signed_posts_refuses_forged_ones_and_reports_health(
    fake_slack, bot
):
    healthy = True

    async def health() -> bool:
        return healthy

    settings = slack_settings(fake_slack, slack_mode="http", host="127.0.0.1", port=free_port())
    runtime = await start_slack(bot, settings, health=health)
    try:
        assert runtime.url == f"http://127.0.0.1:{settings.port}/slack/events"
        body = urlencode(command_fields("what is fargate", fake_slack.response_url))
        async with aiohttp.ClientSession() as http:
            async with http.post(runtime.url, data=body, headers=signed_headers(body, FORM)) as r:
                assert r.status == 200
            [hook] = await fake_slack.wait_for("webhook")
            assert "Fargate" in hook.body["text"]

            forged = signed_headers(body, FORM, secret="not-the-secret")
            async with http.post(runtime.url, data=body, headers=forged) as r:
                assert r.status == 401
            base = f"http://127.0.0.1:{settings.port}"
            async with http.get(f"{base}/healthz") as r:
                assert r.status == 200
            healthy = False
            async with http.get(f"{base}/healthz") as r:
                assert r.status == 503
        assert len(fake_slack.to("webhook")) == 1
    finally:
        await runtime.close()
    with pytest.raises(OSError):  # closed: nothing listens on the port any more
        socket.create_connection(("127.0.0.1", settings.port), timeout=1).close()


async def test_http_mode_binds_the_configured_host_only(fake_slack, bot):
    settings = slack_settings(fake_slack, slack_mode="http", host="127.0.0.1", port=free_port())
    runtime = await start_slack(bot, settings)
    try:
        # bolt's own server would listen on 0.0.0.0, reachable from the whole network.
        assert runtime.addresses == [("127.0.0.1", settings.port)]
    finally:
        await runtime.close()


@pytest.mark.parametrize(
    ("mode", "missing", "named"),
    [
        ("http", "slack_signing_secret", "SLACK_SIGNING_SECRET"),
        ("socket", "slack_app_token", "SLACK_APP_TOKEN"),
        ("socket", "slack_bot_token", "SLACK_BOT_TOKEN"),
    ],
)
async def test_missing_credentials_are_named_without_showing_tokens(
    fake_slack, bot, mode, missing, named
):
    settings = slack_settings(fake_slack, slack_mode=mode, **{missing: None})
    with pytest.raises(SlackConfigError) as err:
        await start_slack(bot, settings)
    assert named in str(err.value)
    assert "xoxb-" not in str(err.value) and "xapp-" not in str(err.value)


# ---- Socket Mode


def envelope(envelope_id: str, kind: str, payload: dict, retry: int | None = None) -> dict:
    frame = {"envelope_id": envelope_id, "type": kind, "payload": payload}
    frame["accepts_response_payload"] = kind != "events_api"
    if retry is not None:
        frame |= {"retry_attempt": retry, "retry_reason": "timeout" if retry else ""}
    return frame


async def test_socket_mode_end_to_end(fake_slack, bot: StudyBot):
    runtime = await start_slack(bot, slack_settings(fake_slack, slack_mode="socket"))
    try:
        await fake_slack.connected()
        [opened] = fake_slack.to("apps.connections.open")
        assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"

        await fake_slack.push(
            envelope(
                "env-1", "slash_commands", command_fields("what is ecs", fake_slack.response_url)
            )
        )
        assert (await fake_slack.ack_for("env-1")) == {"envelope_id": "env-1"}
        [hook] = await fake_slack.wait_for("webhook")
        assert "ECS" in hook.body["text"]

        first = json.loads(event_body(mention("help", ts="4.0"), "EvFirst"))
        await fake_slack.push(envelope("env-3", "events_api", first, retry=0))
        await fake_slack.ack_for("env-3")
        [post] = await fake_slack.wait_for("chat.postMessage")
        assert "help" in post.body["text"].lower()

        await fake_slack.push(envelope("env-4", "events_api", first, retry=1))  # a redelivery
        await fake_slack.ack_for("env-4")
        await asyncio.sleep(0.3)
        assert len(fake_slack.to("chat.postMessage")) == 1
    finally:
        await runtime.close()
