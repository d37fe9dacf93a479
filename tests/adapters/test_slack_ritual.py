"""The daily ritual on Slack through bolt and the fake Web API: local-time tokens on the card, a
live answered count edited once per burst, the reveal thread with streaks, reminders by DM, the
App Home settings modal, private help and threaded mention replies."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fakes.slack import (
    FORM,
    TEAM,
    FakeSlack,
    click,
    send,
    send_event,
    slack_settings,
    slash,
)
from fakes.slack_core import eventually

from bot.adapters.livecards import CardPacing
from bot.adapters.slack import SlackPublisher, build_client, build_slack_app
from bot.bootstrap import build_bot
from bot.core import ChannelRef, KnowledgeBase, StudyBot
from bot.scheduler import QuizScheduler

MONDAY = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


class Clock:
    """A settable clock for the core (`now`) and the card pacing (`mono`, seconds)."""

    def __init__(self, now: datetime) -> None:
        self.now, self.mono = now, 1000.0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def timers() -> list[Any]:
    return []


@pytest.fixture
def core(tmp_path: Path, fake_slack: FakeSlack, kb: KnowledgeBase, clock: Clock) -> StudyBot:
    url = f"sqlite:///{tmp_path / 'studybot.db'}"
    return build_bot(slack_settings(fake_slack, database_url=url), now=clock, kb=kb)


@pytest.fixture
def app(fake_slack: FakeSlack, core: StudyBot, clock: Clock, timers: list[Any]):
    fake_slack.admins.add("UADMIN")
    pacing = CardPacing(clock=lambda: clock.mono, timer=lambda delay, job: timers.append(job))
    return build_slack_app(core, slack_settings(fake_slack), clock=clock, pacing=pacing)


def scheduler(core: StudyBot, fake_slack: FakeSlack, clock: Clock) -> QuizScheduler:
    publisher = SlackPublisher(build_client(slack_settings(fake_slack)))
    return QuizScheduler(core, {"slack": publisher}, clock=clock)


async def configure(app, fake_slack: FakeSlack, *settings: str) -> None:
    for i, setting in enumerate(settings, start=1):
        await slash(app, fake_slack, f"config {setting}", user="UADMIN")
        await fake_slack.wait_for("webhook", i)


def card_ts(fake_slack: FakeSlack) -> str:
    return str(fake_slack.to("chat.postMessage")[0].body["channel"]) + ":1700000000.000001"


async def test_the_card_shows_slack_date_tokens_and_the_channels_local_date(
    app, fake_slack, core, clock
):
    # Etc/GMT-14 is UTC+14: at 20:00 UTC on Monday it is already Tuesday there.
    await configure(app, fake_slack, "timezone Etc/GMT-14", "time 06:00")
    clock.now = datetime(2025, 3, 3, 20, 0, tzinfo=UTC)  # Tue 10:00 at UTC+14
    await scheduler(core, fake_slack, clock).tick()
    [post] = fake_slack.to("chat.postMessage")
    shown = json.dumps(post.body["blocks"])
    assert "Quiz of Tue 2025-03-04" in shown
    quiz = core.store.quiz_for(ChannelRef("slack", TEAM, "C1"), datetime(2025, 3, 4).date())
    assert quiz is not None
    unix = int(quiz.closes_at.timestamp())
    local = quiz.closes_at.astimezone(core.desk.config_for(quiz.channel).zone)
    fallback = f"{local:%a %Y-%m-%d %H:%M} +14"
    assert f"<!date^{unix}^{{date_short_pretty}} {{time}}|{fallback}>" in shown
    assert "UTC" not in shown


async def test_a_burst_of_twenty_clicks_edits_the_card_at_most_twice(
    app, fake_slack, core, clock, timers
):
    await configure(app, fake_slack, "time 09:00")
    clock.now = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)
    await scheduler(core, fake_slack, clock).tick()
    [post] = fake_slack.to("chat.postMessage")
    [actions] = [b for b in post.body["blocks"] if b["type"] == "actions"]
    value = actions["elements"][0]["value"]
    for i in range(20):  # twenty people within one second
        clock.mono = 1000.0 + i * 0.05
        await click(app, fake_slack, value, user=f"U{i:03d}", index=0)
    await fake_slack.wait_for("webhook", 20)
    await eventually(lambda: len(fake_slack.to("chat.update")) == 1)
    assert len(timers) == 1  # the other 19 clicks joined one pending edit
    clock.mono = 1003.5
    await timers.pop()()
    updates = fake_slack.to("chat.update")
    assert len(updates) == 2
    assert "20 answered so far" in json.dumps(updates[-1].body["blocks"])
    assert "U001" not in json.dumps(updates[-1].body["blocks"])  # a count, never who


async def test_three_days_right_in_a_row_are_announced_in_the_reveal_thread(
    app, fake_slack, core, clock
):
    await configure(app, fake_slack, "time 09:00")
    loop = scheduler(core, fake_slack, clock)
    for day in range(3):
        clock.now = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC) + timedelta(days=day)
        await loop.tick()
        post = fake_slack.to("chat.postMessage")[-1]
        [actions] = [b for b in post.body["blocks"] if b["type"] == "actions"]
        quiz = core.store.latest_quiz(ChannelRef("slack", TEAM, "C1"))
        assert quiz is not None
        right = actions["elements"][quiz.correct]["value"]
        wrong = actions["elements"][(quiz.correct + 1) % 4]["value"]
        await click(app, fake_slack, right, user="U2", index=quiz.correct)
        await click(app, fake_slack, wrong, user="U3")
        await fake_slack.wait_for("webhook", 1 + 2 * (day + 1))
        clock.now = quiz.closes_at + timedelta(minutes=1)
        await loop.tick()
    threads = [c for c in fake_slack.to("chat.postMessage") if c.body.get("thread_ts")]
    assert len(threads) == 3
    last = json.dumps(threads[-1].body["blocks"])
    assert threads[-1].body["thread_ts"] == "1700000000.000005"  # under day 3's card
    assert "Streak: name-U2 has 3 right answers in a row" in last
    assert "name-U3" not in last.split("Fastest")[1].split("Streak")[0]
    assert "Why:" in last and "(2 in all)" in last
    assert "Streak" not in json.dumps(threads[0].body["blocks"])


async def test_a_reminder_goes_only_to_people_who_opted_in_and_have_not_answered(
    app, fake_slack, core, clock
):
    await configure(app, fake_slack, "time 09:00", "reminder 30m")
    for user in ("U2", "U3"):
        await slash(app, fake_slack, "remind on", user=user)
    hooks = await fake_slack.wait_for("webhook", 4)
    assert hooks[-1].body["response_type"] == "ephemeral"
    clock.now = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)
    loop = scheduler(core, fake_slack, clock)
    await loop.tick()
    [post] = fake_slack.to("chat.postMessage")
    [actions] = [b for b in post.body["blocks"] if b["type"] == "actions"]
    await click(app, fake_slack, actions["elements"][0]["value"], user="U3")  # U3 answered
    await fake_slack.wait_for("webhook", 5)
    quiz = core.store.latest_quiz(ChannelRef("slack", TEAM, "C1"))
    assert quiz is not None
    clock.now = quiz.closes_at - timedelta(minutes=31)
    await loop.tick()
    assert not fake_slack.to("conversations.open")  # not due yet
    clock.now = quiz.closes_at - timedelta(minutes=29)
    await loop.tick()
    await loop.tick()  # claimed once: a second pass sends nothing more
    assert [c.body["users"] for c in fake_slack.to("conversations.open")] == ["U2"]
    dm = fake_slack.to("chat.postMessage")[-1]
    assert dm.body["channel"] == "DU2"
    assert "closes" in dm.body["text"] and "<!date^" in json.dumps(dm.body["blocks"])


async def test_app_home_settings_modal_saves_through_the_config_call(app, fake_slack, core):
    await send_event(app, {"type": "app_home_opened", "user": "UADMIN", "tab": "home"}, "EvH1")
    [home] = await fake_slack.wait_for("views.publish")
    actions = home.body["view"]["blocks"][0]["elements"]
    assert [a["action_id"] for a in actions] == [
        "home_quiz",
        "home_practice",
        "home_leaderboard",
        "home_settings",
    ]
    await send(app, _payload(_block_action("home_settings", "UADMIN")), FORM)
    [opened] = await fake_slack.wait_for("views.open")
    modal = opened.body["view"]
    assert modal["callback_id"] == "quiz_settings"
    values = {
        "channel": {"channel": {"type": "channels_select", "selected_channel": "CQUIZ"}},
        "time": {"time": {"type": "plain_text_input", "value": "10:30"}},
        "timezone": {"timezone": {"type": "static_select", "selected_option": _opt("Asia/Tokyo")}},
        "days": {"days": {"type": "checkboxes", "selected_options": [_opt("mon"), _opt("wed")]}},
        "window": {"window": {"type": "plain_text_input", "value": None}},
        "topics": {"topics": {"type": "multi_static_select", "selected_options": []}},
        "recap": {"recap": {"type": "plain_text_input", "value": "fri 16:00"}},
    }
    response = await send(app, _payload(_submission("UADMIN", modal, values)), FORM)
    assert response.status == 200 and not response.body
    cfg = core.store.channel_config(ChannelRef("slack", TEAM, "CQUIZ"))
    assert cfg is not None
    assert (f"{cfg.post_time:%H:%M}", cfg.timezone, sorted(cfg.days)) == (
        "10:30",
        "Asia/Tokyo",
        [0, 2],
    )
    assert cfg.recap_text() == "fri 16:00"

    values["time"]["time"]["value"] = "25:00"
    refused = await send(app, _payload(_submission("UADMIN", modal, values)), FORM)
    errors = json.loads(refused.body)
    assert errors["response_action"] == "errors" and "HH:MM" in errors["errors"]["time"]
    saved = core.store.channel_config(ChannelRef("slack", TEAM, "CQUIZ"))
    assert saved is not None and f"{saved.post_time:%H:%M}" == "10:30"  # nothing half-saved


async def test_a_non_admin_gets_no_settings_button_and_cannot_save(app, fake_slack, core):
    await send_event(app, {"type": "app_home_opened", "user": "U5", "tab": "home"}, "EvH2")
    [home] = await fake_slack.wait_for("views.publish")
    ids = [a["action_id"] for a in home.body["view"]["blocks"][0]["elements"]]
    assert "home_settings" not in ids
    values = {
        "channel": {"channel": {"selected_channel": "C1"}},
        "time": {"time": {"value": "10:30"}},
    }
    refused = await send(app, _payload(_submission("U5", {}, values)), FORM)
    assert "admin" in json.loads(refused.body)["errors"]["channel"]
    assert core.store.channel_config(ChannelRef("slack", TEAM, "C1")) is None


async def test_home_practice_button_answers_in_the_dm(app, fake_slack):
    await send(app, _payload(_block_action("home_leaderboard", "U2")), FORM)
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "DU2" and "Leaderboard" in post.body["text"]


async def test_help_and_the_config_display_are_ephemeral(app, fake_slack):
    await slash(app, fake_slack, "help")
    await slash(app, fake_slack, "config")
    hooks = await fake_slack.wait_for("webhook", 2)
    assert [h.body["response_type"] for h in hooks] == ["ephemeral", "ephemeral"]
    assert "remind on" in hooks[0].body["text"] and "recap" in hooks[1].body["text"]


def _opt(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value}, "value": value}


def _block_action(action_id: str, user: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "team"},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "t-home",
        "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "type": "home"},
        "actions": [{"type": "button", "action_id": action_id, "block_id": "home"}],
    }


def _submission(user: str, modal: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    view = {**modal, "id": "V2", "type": "modal", "callback_id": "quiz_settings"}
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "team"},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "t-save",
        "view": {**view, "state": {"values": values}},
    }


def _payload(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


async def test_an_admins_reveal_opens_the_thread_at_once_and_only_once(
    app, fake_slack, core, clock
):
    await configure(app, fake_slack, "time 09:00")
    clock.now = datetime(2025, 3, 4, 9, 0, 30, tzinfo=UTC)
    loop = scheduler(core, fake_slack, clock)
    await loop.tick()
    await slash(app, fake_slack, "quiz reveal", user="UADMIN")
    await fake_slack.wait_for("chat.update")
    await fake_slack.wait_for("chat.postMessage", 2)
    await loop.tick(clock.now + timedelta(days=1))  # past the close: nothing left to publish
    threads = [c for c in fake_slack.to("chat.postMessage") if c.body.get("thread_ts")]
    assert [t.body["thread_ts"] for t in threads] == ["1700000000.000001"]
    assert len(fake_slack.to("chat.update")) == 1
