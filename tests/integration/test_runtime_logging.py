"""Logs for an unattended bot: one line per event, JSON on request, and never a secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.adapters.terminal import terminal_caller
from bot.core import StudyBot
from bot.logging_setup import LoggedCore, configure_logging
from bot.settings import Settings

SLACK_BOT = "xoxb-2222222222-3333333333-AbCdEfGhIjKlMnOpQrStUvWx"
SLACK_APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789"
DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"
SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
DB_PASSWORD = "s3cret-db-pass"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def configured(log_format: str = "text", **values: object) -> io.StringIO:
    stream = io.StringIO()
    settings = Settings(_env_file=None, log_format=log_format, **values)  # type: ignore[call-arg]
    configure_logging(settings, stream)
    return stream


def test_tokens_never_reach_the_log_wherever_they_hide(restore_logging: None) -> None:
    stream = configured(
        slack_bot_token=SLACK_BOT,
        slack_signing_secret=SIGNING,
        database_url=f"postgresql://bot:{DB_PASSWORD}@db:5432/studybot",
    )
    log = logging.getLogger("some.library")
    log.info("calling with token %s and header Bearer %s", SLACK_BOT, SLACK_APP)
    log.warning("signing secret is " + SIGNING, extra={"url": f"postgresql://bot:{DB_PASSWORD}@db"})
    try:
        raise RuntimeError(f"login failed for {DISCORD}")
    except RuntimeError:
        log.exception("discord said no")

    text = stream.getvalue()
    for secret in (SLACK_BOT, SLACK_APP, DISCORD, SIGNING, DB_PASSWORD):
        assert secret not in text
    assert text.count("[redacted]") >= 5
    assert "RuntimeError: login failed for [redacted]" in text


def test_a_token_shape_nobody_configured_is_still_redacted(restore_logging: None) -> None:
    stream = configured()
    logging.getLogger("x").error("leaked %s", "xoxp-1111-2222-3333-abcdef")
    assert "xoxp-1111" not in stream.getvalue()


def test_json_format_gives_one_object_a_line_with_the_event_fields(
    restore_logging: None, bot: StudyBot
) -> None:
    stream = configured("json", discord_token=DISCORD)
    core = LoggedCore(bot, "discord")
    caller = terminal_caller("ann", "general")
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    core.handle(caller, "what is fargate", now)
    core.handle(caller, "help", now)
    core.ask("what is the meaning of life")
    logging.getLogger("x").info("token %s", DISCORD)

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    events = [entry for entry in lines if entry["logger"] == "studybot.events"]
    assert [(e["platform"], e["command"], e["outcome"]) for e in events] == [
        ("discord", "ask", "answer"),
        ("discord", "help", "help"),
        ("discord", "ask", "unknown"),
    ]
    assert all(isinstance(e["latency_ms"], float) for e in events)
    assert DISCORD not in stream.getvalue()


def test_a_failing_core_call_is_logged_as_an_error_event(restore_logging: None) -> None:
    stream = configured()

    class Broken:
        def handle(self, *args: object) -> None:
            raise RuntimeError("database is locked")

    with pytest.raises(RuntimeError):
        LoggedCore(Broken(), "slack").handle(None, "stats", None)  # type: ignore[arg-type]
    assert "platform=slack command=stats" in stream.getvalue()
    assert "outcome=error" in stream.getvalue()


def test_an_unknown_log_level_names_the_setting(restore_logging: None) -> None:
    with pytest.raises(ValueError, match="log_level"):
        configured(log_level="loud")
