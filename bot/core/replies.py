"""The neutral reply the core returns; each adapter renders it in its own markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ReplyKind = Literal[
    "answer",  # a knowledge-base answer
    "unknown",  # the bot declined: it does not know
    "quiz",  # a quiz question with choices
    "receipt",  # an answer was recorded (or refused)
    "reveal",  # a quiz's answer revealed
    "leaderboard",
    "stats",
    "config",
    "help",
    "error",
    "info",
]


@dataclass(frozen=True)
class Link:
    """A source link: a label and its URL."""

    label: str
    url: str


@dataclass(frozen=True)
class Choice:
    """One option of a quiz: its letter, its text, and the opaque value a button carries back."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Standing:
    """One row of a leaderboard."""

    rank: int
    user: str
    points: int
    correct: int
    answered: int
    streak: int


@dataclass(frozen=True)
class Reply:
    """What the bot says. `text` is always the whole reply as plain text (the terminal prints it,
    and it is every platform's notification fallback); the other fields let an adapter render richer
    markup (Block Kit, embeds, buttons)."""

    text: str
    kind: ReplyKind = "info"
    title: str | None = None
    lead: str | None = None
    body: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    choices: tuple[Choice, ...] = ()
    report: Choice | None = None
    """A small secondary button (Report a problem) beside a reveal."""
    quiz_id: str | None = None
    standings: tuple[Standing, ...] = ()
    suggestions: tuple[str, ...] = ()
    private: bool = False
    footer: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
