"""Slack: studybot as a bolt app, over Socket Mode or HTTP, rendering replies as Block Kit."""

from bot.adapters.slack.app import COMMAND, StudyCore, build_client, build_slack_app
from bot.adapters.slack.publisher import SlackPublisher, message_ref, parse_message_ref
from bot.adapters.slack.render import home_view, to_slack_blocks, to_slack_message
from bot.adapters.slack.runtime import SlackConfigError, SlackRuntime, start_slack

__all__ = [
    "COMMAND",
    "SlackConfigError",
    "SlackPublisher",
    "SlackRuntime",
    "StudyCore",
    "build_client",
    "build_slack_app",
    "home_view",
    "message_ref",
    "parse_message_ref",
    "start_slack",
    "to_slack_blocks",
    "to_slack_message",
]
