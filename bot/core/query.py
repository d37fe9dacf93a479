"""What a question was read as: the words, the names found in them, and the resulting match."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.core.knowledge import Concept, Dimension, Fact, Limit, Need, Topic, Uncovered
from bot.core.names import Mention
from bot.core.text import NEGATIONS, polar_stems, stem, words
from bot.core.vocabulary import NOISE, NOISE_STEMS

MatchKind = Literal[
    "overview",
    "attribute",
    "compare",
    "scenario",
    "concept",
    "uncovered",
    "unknown",
    "smalltalk",
    "empty",
]


@dataclass(frozen=True)
class Match:
    """What the question is about: a topic, the kind of answer, and the facts to lead with."""

    question: str
    kind: MatchKind
    topic: Topic | None = None
    confidence: float = 0.0
    lead_facts: tuple[Fact, ...] = ()
    lead_dimension: Dimension | None = None
    compared: tuple[Topic, ...] = ()
    suggestions: tuple[str, ...] = ()
    small_talk: str | None = None
    needs: tuple[Need, ...] = ()
    rival: Topic | None = None
    rival_limit: Limit | None = None
    rival_note: str | None = None
    concepts: tuple[Concept, ...] = ()
    uncovered: Uncovered | None = None
    not_covered: tuple[str, ...] = ()
    verdict: str | None = None
    described: bool = False

    @property
    def matched(self) -> bool:
        return self.topic is not None or bool(self.compared)


AUXILIARIES = frozenset("does do did is are was can could will would should has have".split())


def name_stems(topic: Topic) -> frozenset[str]:
    """The stems of a topic's title and one-word aliases: the words that only name it."""
    names = [topic.title, *(a for a in topic.aliases if len(words(a)) == 1)]
    return frozenset(stem(w) for name in names for w in words(name))


def is_subject(q: Query, topic_id: str) -> bool:
    """Whether the question leads with the topic ("ecs launch types", "does batch ..."), rather
    than naming it after what is needed ("where do I store my docker images")."""
    first = min(m.start for m in q.mentions if m.topic_id == topic_id)
    after_auxiliary = first > 0 and q.tokens[first - 1] in AUXILIARIES  # "what ... does ecs have"
    return after_auxiliary or all(t in NOISE for t in q.tokens[:first])


@dataclass
class Query:
    """A question's words and stems, the covered and uncovered services named in it."""

    tokens: list[str]
    stems: list[str]
    mentions: list[Mention] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    other_mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.polar = polar_stems(self.tokens, NOISE)

    def residual(self, polar: bool = False) -> list[str]:
        """Content stems not part of a topic's name and not noise; `polar` marks negated ones."""
        covered = {i for m in self.mentions for i in range(m.start, m.end)}
        source = self.polar if polar else self.stems
        return [
            source[i]
            for i, s in enumerate(self.stems)
            if i not in covered
            and s not in NOISE_STEMS
            and self.tokens[i] not in NOISE
            and self.tokens[i] not in NEGATIONS
        ]
