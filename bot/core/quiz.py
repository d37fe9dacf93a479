"""Quiz rules: which question a channel gets on a date, option order, and reading a person's answer."""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from bot.core.identity import ChannelRef
from bot.core.questionbank import QuizQuestion
from bot.core.text import fold

LETTERS = ("A", "B", "C", "D")
SURE_SCORE = 85.0
CLEAR_MARGIN = 8.0
HINT_SCORE = 60.0


def seed_for(*parts: object) -> int:
    """A stable 64-bit seed from any values: the same on every replica and after a restart."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def daily_rng(channel: ChannelRef, day: date) -> random.Random:
    """The randomness for one channel's quiz on one local date."""
    return random.Random(seed_for(channel.platform, channel.workspace, channel.channel_id, day))


def topic_weights(
    topics: Sequence[str], accuracy: Mapping[str, tuple[int, int]]
) -> dict[str, float]:
    """Weaker topics weigh more: 1 + 2 × (share wrong), smoothed so an unseen topic counts as 50%."""
    weights = {}
    for topic in topics:
        correct, answered = accuracy.get(topic, (0, 0))
        weights[topic] = 1.0 + 2.0 * (1.0 - (correct + 1) / (answered + 2))
    return weights


def choose_question(
    candidates: Sequence[QuizQuestion],
    asked: Sequence[str],
    accuracy: Mapping[str, tuple[int, int]],
    rng: random.Random,
) -> QuizQuestion:
    """No repeat until every candidate was asked; among the fresh ones, weaker topics more often."""
    if not candidates:
        raise ValueError("no questions to choose from")
    times = Counter(asked)
    least = min(times[q.id] for q in candidates)
    fresh = sorted((q for q in candidates if times[q.id] == least), key=lambda q: q.id)
    by_topic: dict[str, list[QuizQuestion]] = {}
    for q in fresh:
        by_topic.setdefault(q.topic, []).append(q)
    topics = sorted(by_topic)
    weights = topic_weights(topics, accuracy)
    topic = rng.choices(topics, weights=[weights[t] for t in topics])[0]
    return rng.choice(by_topic[topic])


def option_order(question: QuizQuestion, *salt: object) -> tuple[int, ...]:
    """A deterministic shuffle of the option indices for one showing of a question."""
    order = list(range(len(question.options)))
    random.Random(seed_for(question.id, *salt)).shuffle(order)
    return tuple(order)


@dataclass(frozen=True)
class Shown:
    """A question as shown: options in display order and the display index of the correct one."""

    question: QuizQuestion
    options: tuple[str, ...]
    correct: int

    @classmethod
    def of(cls, question: QuizQuestion, order: Sequence[int]) -> Shown:
        options = tuple(question.options[i] for i in order)
        return cls(question, options, list(order).index(question.correct))

    def text(self, heading: str) -> str:
        lines = [heading, self.question.prompt]
        lines += [f"  {LETTERS[i]}) {opt}" for i, opt in enumerate(self.options)]
        return "\n".join(lines)


@dataclass(frozen=True)
class Reading:
    """What a typed answer means: an option index, or a hint when it is close to none."""

    index: int | None
    hint: str | None = None


def read_answer(text: str, options: Sequence[str]) -> Reading:
    """`B`, `b)`, `2` or the option's text (fuzzily); otherwise a "did you mean …?" hint."""
    raw = text.strip().strip(".!)").strip()
    if re.fullmatch(r"[A-Da-d]", raw):
        return Reading(LETTERS.index(raw.upper()))
    if re.fullmatch(r"[1-4]", raw):
        return Reading(int(raw) - 1)
    if not raw:
        return Reading(None, "Answer with a letter A-D, a number 1-4, or the option's text.")
    folded = [fold(o) for o in options]
    if fold(raw) in folded:
        return Reading(folded.index(fold(raw)))
    ranked = process.extract(fold(raw), folded, scorer=fuzz.WRatio, limit=2)
    best, score, index = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= SURE_SCORE and score - runner_up >= CLEAR_MARGIN:
        return Reading(index)
    if score >= HINT_SCORE:
        return Reading(
            None,
            f"Did you mean {LETTERS[index]}) {options[index]}? Answer `answer {LETTERS[index]}`.",
        )
    return Reading(None, "That matches none of the options; answer with a letter A-D or 1-4.")
