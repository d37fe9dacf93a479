"""The knowledge base: topic and quiz-question files, their schema, and loading them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from bot.shipped import shipped_dir

# StrictStr everywhere text is meant: YAML would otherwise turn `yes` into True and `1.0` into a float,
# and a quiz answer "Yes" must stay the string "Yes".
Text = Annotated[str, Field(strict=True), StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, Field(strict=True), StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Url = Annotated[str, Field(strict=True), StringConstraints(pattern=r"^https?://\S+$")]
# A fact's source: a documentation URL, or a section of a team's notes ("notes.md#aws-lambda") for
# knowledge imported from them (`studybot kb import`).
Source = Annotated[
    str,
    Field(strict=True),
    StringConstraints(pattern=r"^(?:https?://\S+|[\w.%-]+#[\w-]*)$"),
]

Tag = Literal[
    "overview",
    "concepts",
    "pricing",
    "limits",
    "runtimes",
    "scaling",
    "storage",
    "networking",
    "integrations",
    "security",
    "monitoring",
    "deployment",
    "use-cases",
    "availability",
    "history",
]
TAGS: tuple[str, ...] = get_args(Tag)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(_Model):
    """One statement about a topic, with what it is about and where it comes from."""

    id: Slug
    text: Text
    tags: list[Tag] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    source: Source
    false_for: list[Slug] = Field(default_factory=list)
    """Topic ids this statement is known to be false of: the only distractors a generated question
    may offer. Empty means nothing is known, so no question is generated from the fact."""


class Dimension(_Model):
    """One row of a comparison: the same question answered for each side."""

    name: Text
    tags: list[Tag] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    values: dict[Slug, Text]
    sources: list[Source] = Field(min_length=1)


class Topic(_Model):
    """A service (Lambda) or a comparison of services (Lambda vs Batch)."""

    id: Slug
    kind: Literal["service", "comparison"]
    title: Text
    aliases: list[Text] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    summary: Text
    facts: list[Fact] = Field(default_factory=list)
    compares: list[Slug] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(default_factory=list)
    advice: list[Text] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    family: list[Slug] = Field(default_factory=list)
    """Kinds of service this is (containers, serverless, servers...): distractors come from the same."""
    plain_words: list[Text] = Field(default_factory=list)
    """Aliases that are also ordinary words ("batch"): they name the topic only when capitalised."""
    tells: list[Text] = Field(default_factory=list)
    """Words that give the topic away even with its name masked ("Hub" after Docker)."""

    @model_validator(mode="after")
    def _shape(self) -> Topic:
        if self.kind == "service" and not self.facts:
            raise ValueError("a service topic needs facts")
        if self.kind == "comparison":
            if len(self.compares) < 2:
                raise ValueError("a comparison names at least two topics in `compares`")
            if not self.dimensions:
                raise ValueError("a comparison needs dimensions")
            for dim in self.dimensions:
                if set(dim.values) != set(self.compares):
                    raise ValueError(
                        f"dimension {dim.name!r} must give a value for each of {self.compares}"
                    )
        ids = [f.id for f in self.facts]
        if len(ids) != len(set(ids)):
            raise ValueError("fact ids must be unique within a topic")
        for fact in self.facts:
            if self.id in fact.false_for:
                raise ValueError(f"fact {fact.id!r}: false_for names its own topic {self.id!r}")
        return self


class Question(_Model):
    """A hand-written multiple-choice quiz question."""

    id: Slug
    topic: Slug
    difficulty: Literal["easy", "medium", "hard"]
    question: Text
    options: list[Text] = Field(min_length=4, max_length=4)
    answer: Text
    explanation: Text
    source: Url

    @model_validator(mode="after")
    def _one_correct(self) -> Question:
        if len({o.casefold() for o in self.options}) != 4:
            raise ValueError("options must be 4 different strings")
        if self.answer not in self.options:
            raise ValueError("answer must be exactly one of the options")
        return self

    @property
    def correct_index(self) -> int:
        return self.options.index(self.answer)


Quantity = Literal["minutes", "memory_gb", "vcpus", "payload_mb", "disk_gb"]


class Need(_Model):
    """A need a service is chosen for: how learners put it (`asks`) and the fact that meets it."""

    text: Text
    asks: list[Text] = Field(default_factory=list)
    source: Url


class Limit(_Model):
    """A limit that rules a service out: asking for more than `above` or less than `below` (a
    number in the question) or for something in `when` ("gpu") excludes it; `text` says why."""

    text: Text
    above: dict[Quantity, float] = Field(default_factory=dict)
    below: dict[Quantity, float] = Field(default_factory=dict)
    when: list[Text] = Field(default_factory=list)
    source: Url

    @model_validator(mode="after")
    def _trigger(self) -> Limit:
        if not (self.above or self.below or self.when):
            raise ValueError("a limit needs `above`, `below` or `when` to know when it applies")
        return self


class Choosing(_Model):
    """Per service: the needs it is chosen for and the limits that rule it out."""

    service: Slug
    chosen_for: list[Need] = Field(min_length=1)
    ruled_out: list[Limit] = Field(default_factory=list)


class Uncovered(_Model):
    """A service the bot does not cover: recognised by name or by what it is for, and declined."""

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    about: Text
    near: list[Slug] = Field(default_factory=list)
    source: Url


class Concept(_Model):
    """A term inside a covered service ("cold start", "task definition") and its definition."""

    id: Slug
    topic: Slug
    names: list[Text] = Field(min_length=1)
    text: Text
    source: Url


class ChoosingFile(_Model):
    choosing: Choosing


class UncoveredFile(_Model):
    uncovered: list[Uncovered] = Field(min_length=1)


class ConceptFile(_Model):
    concepts: list[Concept] = Field(min_length=1)


class TopicFile(_Model):
    topics: list[Topic] = Field(min_length=1)


class QuestionFile(_Model):
    questions: list[Question] = Field(min_length=1)


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or breaks the schema; the message names file, entry and field."""


@dataclass(frozen=True)
class KnowledgeBase:
    """All topics and quiz questions, indexed by id."""

    topics: dict[str, Topic]
    questions: dict[str, Question] = field(default_factory=dict)
    files: tuple[Path, ...] = ()
    choosing: dict[str, Choosing] = field(default_factory=dict)
    uncovered: tuple[Uncovered, ...] = ()
    concepts: tuple[Concept, ...] = ()

    def topic(self, topic_id: str) -> Topic:
        return self.topics[topic_id]

    @property
    def services(self) -> list[Topic]:
        return [t for t in self.topics.values() if t.kind == "service"]

    def sources(self) -> set[str]:
        urls = {f.source for t in self.topics.values() for f in t.facts}
        urls |= {u for t in self.topics.values() for d in t.dimensions for u in d.sources}
        for c in self.choosing.values():
            urls |= {n.source for n in c.chosen_for} | {lim.source for lim in c.ruled_out}
        urls |= {u.source for u in self.uncovered} | {c.source for c in self.concepts}
        return urls | {q.source for q in self.questions.values()}


def default_knowledge_dir() -> Path:
    """The `knowledge/` folder shipped with studybot (in the wheel, or beside it in a checkout)."""
    return shipped_dir("knowledge")


def load_knowledge(*dirs: Path) -> KnowledgeBase:
    """Load and validate every `*.yaml` under the given folders; later folders may add topics."""
    found = _Found()
    files: list[Path] = []
    for folder in dirs:
        if not folder.is_dir():
            raise KnowledgeError(f"{folder}: not a directory")
        for path in sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml")):
            files.append(path)
            _load_file(path, found)
    if not found.topics:
        raise KnowledgeError(f"{', '.join(map(str, dirs))}: no topics found")
    _check_references(found.topics, found.questions, found.origins)
    _check_guides(found)
    return KnowledgeBase(
        topics=found.topics,
        questions=found.questions,
        files=tuple(files),
        choosing=found.choosing,
        uncovered=tuple(found.uncovered),
        concepts=tuple(found.concepts),
    )


@dataclass
class _Found:
    """What the files loaded so far hold."""

    topics: dict[str, Topic] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    choosing: dict[str, Choosing] = field(default_factory=dict)
    uncovered: list[Uncovered] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    origins: dict[str, Path] = field(default_factory=dict)


_FILE_KINDS: dict[str, type[_Model]] = {
    "topics": TopicFile,
    "questions": QuestionFile,
    "choosing": ChoosingFile,
    "uncovered": UncoveredFile,
    "concepts": ConceptFile,
}


def _load_file(path: Path, found: _Found) -> None:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        raise KnowledgeError(f"{path}: {_yaml_problem(exc)}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc}") from exc
    key = next((k for k in _FILE_KINDS if isinstance(raw, dict) and k in raw), None)
    if key is None:
        kinds = ", ".join(f"`{k}:`" for k in _FILE_KINDS)
        raise KnowledgeError(f"{path}: expected a mapping with one of {kinds}")
    try:
        parsed = _FILE_KINDS[key].model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(_describe(path, raw, exc)) from None
    if isinstance(parsed, TopicFile):
        _add_unique(path, "topic", found.topics, ((t.id, t) for t in parsed.topics), found.origins)
    elif isinstance(parsed, QuestionFile):
        _add_unique(
            path, "question", found.questions, ((q.id, q) for q in parsed.questions), found.origins
        )
    elif isinstance(parsed, ChoosingFile):
        guide = parsed.choosing
        _add_unique(path, "choosing guide", found.choosing, [(guide.service, guide)], found.origins)
    elif isinstance(parsed, UncoveredFile):
        found.uncovered.extend(parsed.uncovered)
    elif isinstance(parsed, ConceptFile):
        found.concepts.extend(parsed.concepts)


def _add_unique(
    path: Path,
    what: str,
    into: dict,
    items: Iterable[tuple[str, object]],
    origins: dict[str, Path],
) -> None:
    for key, item in items:
        if key in into:
            raise KnowledgeError(f"{path}: {what} {key!r}: id is already used by another {what}")
        into[key] = item
        origins[f"{what}:{key}"] = path


def _describe(path: Path, raw: dict, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors()[:5]:
        loc = list(err["loc"])
        entry = ""
        if len(loc) >= 2 and isinstance(loc[1], int):
            items = raw.get(loc[0]) or []
            item = items[loc[1]] if loc[1] < len(items) else None
            name = (item.get("id") or item.get("name")) if isinstance(item, dict) else None
            kind = str(loc[0]).removesuffix("s")  # "topics" -> "topic"
            entry = f"{kind} {name!r}" if name else f"{kind} #{loc[1] + 1}"
            loc = loc[2:]
        where = ".".join(str(p) for p in loc) or "(entry)"
        lines.append(f"{path}: {entry}: field {where}: {err['msg']}")
    return "\n".join(lines)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's error without its `in "<unicode string>"` lines: what is wrong, and where."""
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    return f"YAML syntax error{where}: {exc.problem or exc.context or 'cannot parse'}"


def _check_references(
    topics: dict[str, Topic], questions: dict[str, Question], origins: dict[str, Path]
) -> None:
    for topic in topics.values():
        for other in topic.compares:
            if other not in topics:
                raise KnowledgeError(
                    f"{origins.get('topic:' + topic.id, '?')}: topic {topic.id!r}: field compares: "
                    f"unknown topic {other!r}"
                )
        for fact in topic.facts:
            for other in fact.false_for:
                if other not in topics:
                    raise KnowledgeError(
                        f"{origins.get('topic:' + topic.id, '?')}: topic {topic.id!r}: fact {fact.id!r}: field false_for: unknown topic {other!r}"
                    )
    for q in questions.values():
        if q.topic not in topics:
            raise KnowledgeError(
                f"{origins.get('question:' + q.id, '?')}: question {q.id!r}: field topic: "
                f"unknown topic {q.topic!r}"
            )


def _check_guides(found: _Found) -> None:
    """Choosing guides, concepts and suggestions must point at topics that exist."""
    for service in found.choosing:
        if service not in found.topics:
            raise KnowledgeError(f"choosing guide {service!r}: field service: unknown topic")
    for concept in found.concepts:
        if concept.topic not in found.topics:
            raise KnowledgeError(f"concept {concept.id!r}: field topic: unknown topic")
    for other in found.uncovered:
        for near in other.near:
            if near not in found.topics:
                raise KnowledgeError(
                    f"uncovered {other.name!r}: field near: unknown topic {near!r}"
                )


def _loader() -> type[yaml.SafeLoader]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
