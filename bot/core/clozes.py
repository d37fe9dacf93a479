"""Fill-in-the-number questions from facts that state one maximum ("Maximum object size: 5 TB").

A stated maximum is unique, so any other value in its place makes the statement false: the wrong
options are the same quantity scaled (2 TB, 10 TB, 20 TB), never a guess about another service.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from bot.core.knowledge import Fact, KnowledgeBase, Topic
from bot.core.questionbank import MASK, QuizQuestion

_UNITS = (
    r"ms|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|"
    r"[KMGTP]i?B|bytes?|vCPUs?|requests?|jobs?|tasks?|containers?|instances?"
)
_QUANTITY = re.compile(rf"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)\s?({_UNITS})\b")
# The cue must lead straight to the number ("at most 15 minutes", "Maximum object size: 5 TB"), and
# "rounded up to 1 ms" states a step, not a maximum.
_MAXIMUM = re.compile(
    r"(?<!rounded )\b(?:max(?:imum)?|at most|up to|no more than|largest|longest)\b[^\d.;]{0,30}$",
    re.I,
)
_SCALES = (Decimal("0.2"), Decimal("0.5"), Decimal("2"), Decimal("4"))


def limit_questions(kb: KnowledgeBase) -> list[QuizQuestion]:
    """One question per fact that states a single maximum with a unit."""
    return [q for topic in sorted(kb.services, key=lambda t: t.id) for q in _from_topic(topic)]


def _from_topic(topic: Topic) -> Iterator[QuizQuestion]:
    for fact in topic.facts:
        found = _QUANTITY.findall(fact.text)
        match = _QUANTITY.search(fact.text)
        if len(found) != 1 or match is None or not _MAXIMUM.search(fact.text[: match.start()]):
            continue
        number, unit = match.groups()
        wrong = _scaled(number, fact.id)
        if len(wrong) < 3:
            continue
        prompt = fact.text[: match.start()] + MASK + fact.text[match.end() :]
        yield _question(topic, fact, prompt, f"{number} {unit}", [f"{w} {unit}" for w in wrong])


def limit_failures(kb: KnowledgeBase, q: QuizQuestion) -> list[str]:
    """Why a limit question no longer holds (empty when it does): its fact must still state that
    one maximum, the right option be that value, and no other option equal it."""
    topic = kb.topics.get(q.topic)
    fact_id = q.id.removeprefix("limit-")
    fact = next((f for f in topic.facts if f.id == fact_id), None) if topic else None
    if fact is None:
        return ["the fact it was made from is gone"]
    found = _QUANTITY.findall(fact.text)
    stated = " ".join(found[0]) if len(found) == 1 else None
    if stated is None or q.options[q.correct] != stated:
        return [f"the fact no longer states {q.options[q.correct]!r} as its one maximum"]
    if sum(o == stated for o in q.options) != 1:
        return ["a wrong option equals the stated maximum"]
    return []


def _scaled(number: str, seed: str) -> list[str]:
    """Three other values of the same size order, chosen per fact so the right one is not
    always the smallest or the largest."""
    value = Decimal(number.replace(",", ""))
    if value <= 0:
        return []
    skip = sum(map(ord, seed)) % len(_SCALES)
    picked = [s for i, s in enumerate(_SCALES) if i != skip]
    out = [_format(value * s, "," in number) for s in picked]
    return [o for o in dict.fromkeys(out) if o != number and o != "0"]


def _format(value: Decimal, commas: bool) -> str:
    text = f"{value.normalize():f}"
    if "." not in text and commas:
        return f"{int(text):,}"
    return text


def _question(topic: Topic, fact: Fact, prompt: str, right: str, wrong: list[str]) -> QuizQuestion:
    return QuizQuestion(
        id=f"limit-{fact.id}",
        topic=topic.id,
        prompt=f"Fill in the number for {topic.title}:\n“{prompt}”",
        options=(right, *wrong[:3]),
        correct=0,
        explanation=fact.text,
        source=fact.source,
        generated=True,
    )
