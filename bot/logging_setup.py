"""Logging for the long-running bot: one line per handled event, text or JSON, secrets redacted."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from bot.core import Answer, Caller, Reply, StudyBot
    from bot.settings import Settings

T = TypeVar("T")

EVENT_LOGGER = "studybot.events"
EVENT_FIELDS = ("platform", "command", "latency_ms", "outcome")
REDACTED = "[redacted]"

# Token shapes that must never reach a log even when nobody configured them here: Slack bot, user and
# app-level tokens, and Discord bot tokens (base64 user id, timestamp, HMAC, dot-separated).
TOKEN_PATTERNS = (
    re.compile(r"\bxox[abposre]-[A-Za-z0-9-]+"),
    re.compile(r"\bxapp-[A-Za-z0-9-]+"),
    re.compile(r"\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"),
)

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class RedactSecrets(logging.Filter):
    """Replace known token shapes and the configured secret values in every record it sees."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        for pattern in TOKEN_PATTERNS:
            text = pattern.sub(REDACTED, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None  # the redacted exc_text is what formatters print
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the event fields and any other extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_text or record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`time level logger: message key=value ...`, the extras appended so event lines stay greppable."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = [
            f"{k}={v}"
            for k, v in vars(record).items()
            if k not in _STANDARD_ATTRS and not k.startswith("_")
        ]
        if not extras:
            return line
        head, sep, tail = line.partition("\n")
        return f"{head} {' '.join(extras)}{sep}{tail}"


def secret_values(settings: Settings) -> list[str]:
    """Every configured secret: the platform tokens, the signing secret and the database password."""
    values = [
        s.get_secret_value()
        for s in (
            settings.slack_bot_token,
            settings.slack_app_token,
            settings.slack_signing_secret,
            settings.slack_client_secret,
            settings.discord_token,
        )
        if s is not None
    ]
    password = _database_password(settings.database_url)
    return values + ([password] if password else [])


def _database_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password  # type: ignore[return-value]
    except (ArgumentError, ValueError):
        return None


def configure_logging(
    settings: Settings, stream: TextIO | None = None, *, interactive: bool = False
) -> None:
    """Send every logger's records through one redacting handler, in LOG_FORMAT, at LOG_LEVEL.
    `interactive` (a person chatting in this terminal) keeps to warnings unless LOG_LEVEL is set."""
    name = settings.log_level or ("WARNING" if interactive else "INFO")
    level = logging.getLevelName(name.upper())
    if not isinstance(level, int):
        raise ValueError(
            f"setting LOG_LEVEL: {settings.log_level!r} is not DEBUG, INFO, WARNING or ERROR"
        )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactSecrets(secret_values(settings)))
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Alembic announces each of its plugins at INFO on every start; the migrations it runs stay.
    logging.getLogger("alembic.runtime.plugins").setLevel(max(level, logging.WARNING))
    logging.captureWarnings(True)


def log_event(platform: str, command: str, latency_s: float, outcome: str) -> None:
    """The one line for one handled event."""
    logging.getLogger(EVENT_LOGGER).info(
        "handled",
        extra={
            "platform": platform,
            "command": command,
            "latency_ms": round(latency_s * 1000, 1),
            "outcome": outcome,
        },
    )


class LoggedCore:
    """The core as one platform's adapter sees it: each call it answers is logged as one event.

    Wrapping at the composition root logs every adapter's events the same way, with the latency
    of the core's work and the kind of reply as the outcome."""

    def __init__(self, core: StudyBot, platform: str) -> None:
        self.core = core
        self.platform = platform

    def handle(self, caller: Caller, text: str, now: datetime) -> Reply:
        return self._timed(command_of(text), self.core.handle, caller, text, now)

    def press(self, caller: Caller, value: str, now: datetime) -> Reply:
        return self._timed("press", self.core.press, caller, value, now)  # type: ignore[attr-defined]

    def ask(
        self, question: str, caller: Caller | None = None, now: datetime | None = None
    ) -> Answer:
        return self._timed("ask", self.core.ask, question, caller, now)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.core, name)

    def _timed(self, command: str, call: Callable[..., T], *args: Any) -> T:
        start, outcome = time.perf_counter(), "error"
        try:
            result = call(*args)
            reply = getattr(result, "reply", result)
            outcome = str(getattr(reply, "kind", "ok"))
            return result
        finally:
            log_event(self.platform, command, time.perf_counter() - start, outcome)


COMMANDS = frozenset({"help", "quiz", "answer", "leaderboard", "stats", "config"})


def command_of(text: str) -> str:
    """The command a chat message invokes, for the event log: its command word, else `ask`."""
    words = text.strip().split(maxsplit=1)
    word = words[0].casefold() if words else ""
    return word if word in COMMANDS else "ask"
