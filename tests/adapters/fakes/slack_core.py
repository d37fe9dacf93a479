"""A stand-in for the core's quiz desk, so the Slack adapter's quiz plumbing is tested on its own:
it answers questions with the real StudyBot and keeps just enough quiz state to reply like the core."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.core import Caller, Choice, Reply, Standing, StudyBot

OPTIONS = ("AWS Lambda", "Amazon EC2", "AWS Fargate", "AWS Batch")


@dataclass
class QuizDeskStub:
    real: StudyBot
    calls: list[tuple[str, Caller, str]] = field(default_factory=list)
    posts: list[tuple[str, str]] = field(default_factory=list)
    answered: dict[str, str] = field(default_factory=dict)

    def handle(self, caller: Caller, text: str, now: datetime) -> Reply:
        self.calls.append(("handle", caller, text))
        word = text.strip().casefold()
        if word == "quiz":
            return quiz_reply()
        if word == "quiz practice":
            return Reply("Practice: which one?", "quiz", choices=quiz_reply().choices, private=True)
        if word == "quiz reveal":
            if not caller.is_admin:
                return Reply("Only a workspace admin can reveal the quiz.", "error", private=True)
            ref = self.posts[-1][1] if self.posts else ""
            return Reply(
                "The answer was C) AWS Fargate.",
                "reveal",
                title="Daily quiz: answer",
                lead="C) AWS Fargate",
                body=("Fargate runs containers without servers to manage.", "1 of 2 got it."),
                extra={"message_ref": ref} if ref else {},
            )
        if word.startswith("config"):
            if not caller.is_admin:
                return Reply(
                    "You need a workspace admin to change the quiz settings.", "error", private=True
                )
            return Reply("Quiz time set to 09:30.", "config")
        if word == "stats":
            return Reply(
                f"Your stats: 12 points, streak 3 ({caller.player.user_id}).", "stats", private=True
            )
        if word == "leaderboard":
            rows = (Standing(1, "U01ALICE", 12, 4, 5, 3), Standing(2, "Bob", 7, 2, 5, 1))
            return Reply(
                "Leaderboard\n1. U1 12\n2. U2 7", "leaderboard", title="Leaderboard", standings=rows
            )
        return self.real.handle(caller, text, now)

    def press(self, caller: Caller, value: str, now: datetime) -> Reply:
        self.calls.append(("press", caller, value))
        user = caller.player.user_id
        if user in self.answered:
            return Reply("You already answered.", "receipt", private=True)
        self.answered[user] = value
        return Reply(f"Locked in: {value.rsplit(':', 1)[-1]}", "receipt", private=True)

    def record_post(self, quiz_id: str, message_ref: str) -> None:
        self.posts.append((quiz_id, message_ref))

    def claim_thread(self, quiz_id: str, now: datetime) -> None:
        return None


def quiz_reply() -> Reply:
    choices = tuple(Choice(k, label, f"q1:{k}") for k, label in zip("ABCD", OPTIONS, strict=True))
    text = "Daily quiz\nWhich runs containers without managing servers?\n" + "\n".join(
        f"  {c.key}) {c.label}" for c in choices
    )
    return Reply(
        text,
        "quiz",
        title="Daily quiz",
        lead="Which runs containers without managing servers?",
        choices=choices,
        quiz_id="q1",
    )


class PostSpy:
    """The real core, noting each `record_post`: the adapter records a quiz post after Slack
    answers chat.postMessage, so a test waits for this before it asks for the reveal."""

    def __init__(self, core: StudyBot) -> None:
        self.core = core
        self.posts: list[tuple[str, str]] = []

    def record_post(self, quiz_id: str, message_ref: str) -> None:
        self.core.record_post(quiz_id, message_ref)
        self.posts.append((quiz_id, message_ref))

    def __getattr__(self, name: str) -> object:
        return getattr(self.core, name)


async def eventually(check: Callable[[], object], timeout: float = 5.0) -> None:
    """Wait until `check()` is truthy: listeners keep working after bolt has acked."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)
