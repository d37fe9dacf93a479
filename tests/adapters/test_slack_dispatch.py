"""Signed Slack requests dispatched through the real bolt app, the Web API served by a fake."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time

import pytest
from fakes.slack import (
    BOT_TOKEN,
    BOT_USER,
    FORM,
    JSON,
    SIGNING_SECRET,
    TEAM,
    FakeSlack,
    action_body,
    command_body,
    direct_message,
    mention,
    send,
    send_event,
    signed_headers,
    slack_settings,
    slash,
)
from fakes.slack_core import QuizDeskStub, eventually
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import build_slack_app
from bot.adapters.slack.people import People, Person
from bot.core import StudyBot


@pytest.fixture
def core(bot: StudyBot) -> QuizDeskStub:
    return QuizDeskStub(bot)


@pytest.fixture
def app(fake_slack: FakeSlack, core: QuizDeskStub) -> AsyncApp:
    return build_slack_app(core, slack_settings(fake_slack, studybot_admins="UCONF"))


def all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks)


# ---- questions


async def test_mention_is_answered_in_the_channel_with_block_kit(app, fake_slack):
    resp = await send_event(app, mention("what is fargate"))
    assert resp.status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "C1"
    assert "thread_ts" not in post.body
    blocks = post.body["blocks"]
    assert blocks[0]["type"] == "header"
    assert "Fargate" in blocks[0]["text"]["text"]
    assert blocks[1]["type"] == "section"
    assert any(b["type"] == "context" and "Sources" in all_text([b]) for b in blocks)
    assert "Fargate" in post.body["text"]


async def test_mention_inside_a_thread_is_answered_in_that_thread(app, fake_slack):
    await send_event(app, mention("lambda timeout", ts="5.0", thread_ts="4.0"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "4.0"
    assert "15 minutes" in post.body["text"] or "900" in post.body["text"]


async def test_direct_message_is_answered_in_the_dm(app, fake_slack):
    await send_event(app, direct_message("what is ecs"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "D1"
    assert "ECS" in post.body["text"]


async def test_a_mention_that_also_arrives_as_a_dm_message_is_answered_once(app, fake_slack):
    dm_mention = mention("what is batch", channel="D1", ts="7.0", channel_type="im")
    await send_event(app, dm_mention, "EvA")
    await send_event(app, direct_message(f"<@{BOT_USER}> what is batch", ts="7.0"), "EvB")
    await send_event(app, direct_message("help", ts="8.0"), "EvC")
    posts = await fake_slack.wait_for("chat.postMessage", 2)
    assert [p.body["channel"] for p in posts] == ["D1", "D1"]
    assert "Batch" in posts[0].body["text"] and "help" in posts[1].body["text"].lower()


async def test_own_messages_edits_and_channel_chatter_are_ignored(app, fake_slack):
    await send_event(app, direct_message("what is ecs", user=BOT_USER, bot_id="BBOT"), "Ev1")
    edited = direct_message("what is ecs", subtype="message_changed", ts="3.0")
    await send_event(app, edited, "Ev2")
    await send_event(
        app, {**direct_message("what is ecs", ts="3.5"), "channel_type": "channel"}, "Ev3"
    )
    await send_event(app, direct_message("help", ts="9.0"), "Ev4")
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "help" in post.body["text"].lower()


async def test_private_reply_to_a_channel_mention_is_ephemeral(app, fake_slack):
    await send_event(app, mention("stats", user="U7", thread_ts="0.5"))
    [eph] = await fake_slack.wait_for("chat.postEphemeral")
    assert (eph.body["channel"], eph.body["user"], eph.body["thread_ts"]) == ("C1", "U7", "0.5")
    assert "12 points" in eph.body["text"]
    assert not fake_slack.to("chat.postMessage")


# ---- /study


async def test_slash_command_is_acked_at_once_and_answered_in_channel(app, fake_slack):
    resp = await slash(app, fake_slack, "what is fargate")
    assert resp.status == 200
    assert resp.body == ""  # the ack carries nothing; the answer follows on the response_url
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "in_channel"
    assert hook.body["blocks"][0]["type"] == "header"
    assert "Fargate" in hook.body["text"]


async def test_private_slash_replies_are_ephemeral(app, fake_slack):
    await slash(app, fake_slack, "stats")
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "ephemeral"


async def test_quiz_is_posted_with_one_button_per_option_and_recorded(app, fake_slack, core):
    await slash(app, fake_slack, "quiz")
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "C1"
    [actions] = [b for b in post.body["blocks"] if b["type"] == "actions"]
    buttons = actions["elements"]
    assert [b["action_id"] for b in buttons] == [f"quiz_answer_{i}" for i in range(4)]
    assert [b["value"] for b in buttons] == ["q1:A", "q1:B", "q1:C", "q1:D"]
    assert buttons[2]["text"]["text"] == "C) AWS Fargate"
    await eventually(lambda: core.posts)
    assert core.posts == [("q1", "C1:1700000000.000001")]
    assert not fake_slack.to("webhook")


async def test_quiz_in_a_channel_without_the_bot_says_how_to_invite_it(app, fake_slack, core):
    fake_slack.errors["chat.postMessage"] = "not_in_channel"
    await slash(app, fake_slack, "quiz")
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "ephemeral"
    assert "/invite @studybot" in hook.body["text"]
    assert core.posts == []


async def test_practice_quiz_is_ephemeral_and_not_recorded_as_the_channel_quiz(
    app, fake_slack, core
):
    await slash(app, fake_slack, "quiz practice")
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "ephemeral"
    assert any(b["type"] == "actions" for b in hook.body["blocks"])
    assert core.posts == []


async def test_button_click_tells_only_the_clicker_and_a_second_click_is_refused(
    app, fake_slack, core
):
    resp = await send(app, action_body("q1:B", fake_slack.response_url, user="U2"), FORM)
    assert resp.status == 200
    [first] = await fake_slack.wait_for("webhook")
    assert first.body["text"] == "Locked in: B"
    assert first.body["response_type"] == "ephemeral"
    assert first.body["replace_original"] is False
    await send(app, action_body("q1:C", fake_slack.response_url, user="U2", index=2), FORM)
    second = (await fake_slack.wait_for("webhook", 2))[1]
    assert "already answered" in second.body["text"]
    [press, _] = [c for c in core.calls if c[0] == "press"]
    caller = press[1]
    assert (caller.player.platform, caller.player.workspace, caller.player.user_id) == (
        "slack",
        TEAM,
        "U2",
    )
    assert caller.channel.channel_id == "C1"
    assert not fake_slack.to("chat.postMessage")


async def test_reveal_edits_the_quiz_message_in_place(app, fake_slack, core):
    fake_slack.admins.add("UADMIN")
    await slash(app, fake_slack, "quiz")
    await eventually(lambda: core.posts)
    await slash(app, fake_slack, "quiz reveal", user="UADMIN")
    [update] = await fake_slack.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("C1", "1700000000.000001")
    assert "AWS Fargate" in all_text(update.body["blocks"])
    assert not any(b["type"] == "actions" for b in update.body["blocks"])
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "in_channel"


# ---- App Home


async def test_app_home_shows_the_users_stats_and_the_leaderboard(app, fake_slack):
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    await send_event(app, event)
    [publish] = await fake_slack.wait_for("views.publish")
    assert publish.body["user_id"] == "U1"
    view = publish.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"
    text = all_text(view["blocks"])
    assert "12 points" in text and "streak 3" in text
    assert "<@U01ALICE>" in text and "Bob" in text


# ---- admins


@pytest.mark.parametrize(
    ("user", "is_admin"),
    [("U1", False), ("UADMIN", True), ("UCONF", True)],  # UCONF is in STUDYBOT_ADMINS
)
async def test_admin_is_a_workspace_admin_or_a_configured_id(app, fake_slack, core, user, is_admin):
    fake_slack.admins.add("UADMIN")
    await slash(app, fake_slack, "config time 09:30", user=user)
    [hook] = await fake_slack.wait_for("webhook")
    [(_, caller, text)] = core.calls
    assert caller.is_admin is is_admin
    assert text == "config time 09:30"
    assert caller.player.name == f"name-{user}"
    if is_admin:
        assert hook.body["response_type"] == "in_channel"
    else:
        assert hook.body["response_type"] == "ephemeral"
        assert "admin" in hook.body["text"]


async def test_users_info_is_cached_between_messages(app, fake_slack):
    await slash(app, fake_slack, "help")
    await slash(app, fake_slack, "help")
    await fake_slack.wait_for("webhook", 2)
    assert len(fake_slack.to("users.info")) == 1


async def test_lookups_in_flight_together_share_one_users_info_call(fake_slack):
    # Bolt runs each listener as a task after its ack: two messages can both miss the cache.
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
    people = People(client, clock=lambda: 0.0)
    first, second = await asyncio.gather(people.lookup(TEAM, "U1"), people.lookup(TEAM, "U1"))
    assert first == second == Person("name-U1", False)
    assert len(fake_slack.to("users.info")) == 1


async def test_a_lookup_after_the_ttl_asks_slack_again(fake_slack):
    now = [0.0]
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
    people = People(client, ttl=300.0, clock=lambda: now[0])
    await people.lookup(TEAM, "U1")
    await people.lookup(TEAM, "U1")
    now[0] = 301.0
    await people.lookup(TEAM, "U1")
    assert len(fake_slack.to("users.info")) == 2


# ---- Slack's redeliveries and forgeries


async def test_a_retry_of_a_delivered_event_is_dropped_one_never_delivered_is_answered(
    app, fake_slack
):
    await send_event(app, mention("what is ecs"), "EvR")
    retry = {"x-slack-retry-num": "1", "x-slack-retry-reason": "timeout"}
    resp = await send_event(app, mention("what is ecs"), "EvR", **retry)
    assert resp.status == 200
    lost = {"x-slack-retry-num": "1", "x-slack-retry-reason": "http_error"}
    await send_event(app, mention("help", ts="9.0"), "EvNeverArrived", **lost)
    posts = await fake_slack.wait_for("chat.postMessage", 2)
    assert "ECS" in posts[0].body["text"] and "help" in posts[1].body["text"].lower()
    await asyncio.sleep(0.2)
    assert len(fake_slack.to("chat.postMessage")) == 2


async def test_a_bots_mention_is_ignored(app, fake_slack):
    from_bot = mention("what is ecs", bot_id="B2")
    del from_bot["user"]
    resp = await send_event(app, from_bot, "EvBot")
    assert resp.status == 200
    await send_event(app, mention("help", ts="9.5"), "EvHuman")
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "help" in post.body["text"].lower()


async def test_retry_number_zero_is_a_first_delivery(app, fake_slack):
    # Socket Mode first deliveries carry retry_attempt 0, which bolt mirrors as this header.
    await send_event(app, mention("what is ecs"), "EvZ", **{"x-slack-retry-num": "0"})
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "ECS" in post.body["text"]


async def test_a_duplicate_event_id_is_dropped(app, fake_slack):
    await send_event(app, mention("what is ecs", ts="1.0"), "EvD")
    await send_event(app, mention("what is ecs", ts="1.1"), "EvD")
    await send_event(app, mention("help", ts="1.2"), "EvE")
    posts = await fake_slack.wait_for("chat.postMessage", 2)
    assert "ECS" in posts[0].body["text"] and "help" in posts[1].body["text"].lower()
    assert len(fake_slack.to("chat.postMessage")) == 2


@pytest.mark.parametrize(
    "headers",
    [
        lambda body: signed_headers(body, FORM, secret="wrong-secret"),
        lambda body: signed_headers(body, FORM, age=6 * 60),
        lambda body: {"content-type": FORM},
    ],
    ids=["bad-signature", "stale-timestamp", "unsigned"],
)
async def test_bad_or_stale_signatures_get_401_and_do_nothing(app, fake_slack, core, headers):
    body = command_body("what is fargate", fake_slack.response_url)
    resp = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers(body)))
    assert resp.status == 401
    assert core.calls == []
    assert fake_slack.calls == []


async def test_rate_limited_calls_are_retried(app, fake_slack):
    fake_slack.rate_limit_once.add("chat.postMessage")
    await send_event(app, mention("what is ecs"))
    posts = await fake_slack.wait_for("chat.postMessage", 2)
    assert posts[1].body["channel"] == "C1"


async def test_tokens_never_reach_replies_or_logs(app, fake_slack, core, caplog):
    caplog.set_level(logging.DEBUG)
    fake_slack.admins.add("UADMIN")
    await slash(app, fake_slack, "quiz")
    await eventually(lambda: core.posts)
    await send_event(app, mention("what is fargate"))
    await send(app, action_body("q1:B", fake_slack.response_url), FORM)
    await slash(app, fake_slack, "quiz reveal", user="UADMIN")
    await fake_slack.wait_for("chat.update")
    await fake_slack.wait_for("webhook", 2)
    for call in fake_slack.calls:
        assert BOT_TOKEN not in json.dumps(call.body)
    assert BOT_TOKEN not in caplog.text
    assert SIGNING_SECRET not in caplog.text


async def test_url_verification_challenge_is_answered(app):
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "legacy"})
    resp = await send(app, body, JSON)
    assert resp.status == 200 and "abc123" in resp.body


async def test_the_ack_does_not_wait_for_a_slow_core(fake_slack, core):
    # Slack shows "operation_timeout" when a command is not acked within 3 seconds.
    release = threading.Event()
    slow = QuizDeskStub(core.real)
    slow.handle = lambda caller, text, now: (release.wait(10), core.real.handle(caller, text, now))[
        1
    ]
    app = build_slack_app(slow, slack_settings(fake_slack))
    started = time.monotonic()
    resp = await slash(app, fake_slack, "what is fargate")
    assert resp.status == 200
    assert time.monotonic() - started < 3  # the core is still blocked (for up to 10 s)
    assert not fake_slack.to("webhook")
    release.set()
    [hook] = await fake_slack.wait_for("webhook")
    assert "Fargate" in hook.body["text"]


async def test_other_post_failures_are_reported_by_their_slack_error(app, fake_slack, core):
    fake_slack.errors["chat.postMessage"] = "is_archived"
    await slash(app, fake_slack, "quiz")
    [hook] = await fake_slack.wait_for("webhook")
    assert hook.body["response_type"] == "ephemeral"
    assert "is_archived" in hook.body["text"] and "/invite" not in hook.body["text"]
