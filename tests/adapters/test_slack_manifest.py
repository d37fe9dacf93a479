"""The app manifest a team pastes into Slack matches what the adapter listens to and calls."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.adapters.slack import COMMAND
from bot.adapters.slack.app import EVENTS_PATH
from bot.adapters.slack.oauth import BOT_SCOPES, REDIRECT_PATH

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_the_command_events_and_interactivity_are_the_ones_the_adapter_handles():
    m = manifest()
    assert [c["command"] for c in m["features"]["slash_commands"]] == [COMMAND]
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert events == {
        "app_mention",
        "message.im",
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
    }
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["features"]["app_home"]["home_tab_enabled"] is True


def test_scopes_cover_every_web_api_call_and_event():
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    # app_mention, chat.postMessage/update/postEphemeral, /study, message.im, users.info
    needed = {"app_mentions:read", "chat:write", "commands", "im:history", "users:read"}
    assert needed <= scopes


def test_socket_mode_by_default_and_http_urls_documented():
    m = manifest()
    assert m["settings"]["socket_mode_enabled"] is True
    assert MANIFEST.read_text(encoding="utf-8").count(EVENTS_PATH) == 3
    assert MANIFEST.read_text(encoding="utf-8").count(REDIRECT_PATH) == 1


def test_oauth_asks_for_the_manifest_scopes():
    assert set(BOT_SCOPES) == set(manifest()["oauth_config"]["scopes"]["bot"])
