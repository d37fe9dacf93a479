"""Which platforms a start serves, and the settings each needs (shared by `run` and `doctor`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings

PLATFORMS = ("slack", "discord", "terminal")


class StartError(Exception):
    """The process cannot start with these settings; the message names the setting and the fix."""


def choose_platforms(settings: Settings, requested: Sequence[str] = ()) -> list[str]:
    """The platforms to serve: those asked for, else every one with a token set, else the terminal."""
    if requested:
        chosen = list(dict.fromkeys(requested))
    else:
        slack = settings.slack_bot_token or settings.slack_client_id  # one token, or OAuth installs
        configured = {"slack": slack, "discord": settings.discord_token}
        chosen = [name for name, token in configured.items() if token] or ["terminal"]
    for name in chosen:
        check_credentials(settings, name)
    return chosen


def check_credentials(settings: Settings, platform: str) -> None:
    """Raise StartError naming the first setting `platform` needs that is unset."""
    needed: list[tuple[str, object, str]] = []
    if platform == "slack" and settings.slack_client_id:
        needed += [
            ("SLACK_CLIENT_SECRET", settings.slack_client_secret, "it for OAuth installs"),
            ("SLACK_SIGNING_SECRET", settings.slack_signing_secret, "the signing secret"),
            ("SLACK_MODE", settings.slack_mode == "http", "http for OAuth installs"),
        ]
    elif platform == "slack":
        needed.append(("SLACK_BOT_TOKEN", settings.slack_bot_token, "the xoxb- bot token"))
        if settings.slack_mode == "socket":
            needed.append(
                (
                    "SLACK_APP_TOKEN",
                    settings.slack_app_token,
                    "the xapp- token (or SLACK_MODE=http)",
                )
            )
        else:
            needed.append(
                ("SLACK_SIGNING_SECRET", settings.slack_signing_secret, "the signing secret")
            )
    elif platform == "discord":
        needed.append(("DISCORD_TOKEN", settings.discord_token, "the bot token"))
    elif platform != "terminal":
        raise StartError(f"unknown platform {platform!r}; use one of {', '.join(PLATFORMS)}")
    for name, value, what in needed:
        if not value:
            raise StartError(f"setting {name}: not set; {platform} needs {what} (see .env.example)")
