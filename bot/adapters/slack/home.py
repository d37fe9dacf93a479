"""Slack's App Home: the person's stats with buttons (Quiz me, Practice, Leaderboard), and for
admins a "Quiz settings" modal whose fields save through the core's `configure`, like `config`."""

from __future__ import annotations

from typing import Any

from bot.adapters.slack.render import Block, home_view
from bot.core import Reply
from bot.core.choices import COMMON_ZONES, DAY_CHOICES

HOME_WORDS = {
    "home_quiz": "quiz",
    "home_practice": "quiz practice",
    "home_leaderboard": "leaderboard",
}
SETTINGS_ACTION = "home_settings"
SETTINGS_VIEW = "quiz_settings"
OPTIONS_MAX = 100  # a static select holds at most 100 options


def home_with_buttons(stats: Reply, board: Reply, *, admin: bool) -> Block:
    """The App Home: a row of buttons above the person's stats and the leaderboard."""
    buttons = [_button("Quiz me", "home_quiz", primary=True), _button("Practice", "home_practice")]
    buttons.append(_button("Leaderboard", "home_leaderboard"))
    if admin:
        buttons.append(_button("Quiz settings", SETTINGS_ACTION))
    view = home_view(stats, board)
    view["blocks"] = [{"type": "actions", "block_id": "home", "elements": buttons}, *view["blocks"]]
    view["blocks"] = view["blocks"][:100]
    return view


def settings_modal(topics: list[str]) -> Block:
    """The modal: a channel to configure, then each setting; an empty field keeps its value."""
    blocks = [
        _input("channel", "Channel", {"type": "channels_select"}, optional=False),
        _input("time", "Post time (HH:MM)", _text("09:30")),
        _input("timezone", "Time zone", _select(COMMON_ZONES)),
        _input("days", "Days", _checkboxes(DAY_CHOICES)),
        _input("window", "Answer window (e.g. 8h, 90m or default)", _text("default")),
        _input("topics", "Topics (none chosen: all)", _select(topics, multi=True)),
        _input("recap", "Weekly recap (e.g. fri 16:00, or off)", _text("fri 16:00")),
    ]
    return {
        "type": "modal",
        "callback_id": SETTINGS_VIEW,
        "title": {"type": "plain_text", "text": "Quiz settings"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def read_settings(view: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """The chosen channel and the `config` changes the filled-in fields ask for, in `config` words."""
    values = (view.get("state") or {}).get("values") or {}
    field: dict[str, dict[str, Any]] = {
        block: next(iter(actions.values()), {}) for block, actions in values.items()
    }
    channel = str(field.get("channel", {}).get("selected_channel") or "")
    changes: list[tuple[str, str]] = []
    for name in ("time", "window", "recap"):
        if (field.get(name, {}).get("value") or "").strip():
            changes.append((name, field[name]["value"].strip()))
    zone = field.get("timezone", {}).get("selected_option")
    if zone:
        changes.append(("timezone", zone["value"]))
    for name in ("days", "topics"):
        chosen = [o["value"] for o in field.get(name, {}).get("selected_options") or []]
        if chosen:
            changes.append((name, ",".join(chosen)))
    return channel, changes


FIELDS = ("channel", "time", "timezone", "days", "window", "topics", "recap")


def modal_error(text: str) -> dict[str, str]:
    """The core's refusal, under the field it names ("time '25:00': use HH:MM…"), else the channel
    field (e.g. "needs an admin of this channel")."""
    first = text.split("\n")[0]
    word = first.split(" ", 1)[0].casefold()
    return {word if word in FIELDS else "channel": first}


def _button(text: str, action_id: str, *, primary: bool = False) -> Block:
    button: Block = {"type": "button", "action_id": action_id, "text": _plain(text)}
    if primary:
        button["style"] = "primary"
    return button


def _input(block_id: str, label: str, element: Block, *, optional: bool = True) -> Block:
    element = {**element, "action_id": block_id}
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
        "optional": optional,
    }


def _text(placeholder: str) -> Block:
    return {"type": "plain_text_input", "placeholder": _plain(placeholder)}


def _select(values: tuple[str, ...] | list[str], *, multi: bool = False) -> Block:
    options = [{"text": _plain(v), "value": v} for v in values[:OPTIONS_MAX]]
    return {"type": "multi_static_select" if multi else "static_select", "options": options}


def _checkboxes(values: tuple[str, ...]) -> Block:
    return {"type": "checkboxes", "options": [{"text": _plain(v), "value": v} for v in values]}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
