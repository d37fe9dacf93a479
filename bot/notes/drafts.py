"""The drafts the importer builds before validation: topics, facts, comparisons, contrasts."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.notes.markdown import Item
from bot.notes.signals import keywords_for, tags_for


@dataclass
class FactDraft:
    text: str
    source: str
    label: str = ""
    first: bool = False
    false_for: set[str] = field(default_factory=set)
    describes: str | None = None
    """The words that describe the topic itself (a top-level bullet, not its nested details)."""

    def __post_init__(self) -> None:
        if self.describes is None:
            self.describes = self.text


@dataclass
class TopicDraft:
    """A service topic being built: its names, summary and facts, before validation."""

    id: str
    title: str
    short: str
    aliases: list[str]
    source: str
    summary: str = ""
    facts: list[FactDraft] = field(default_factory=list)


@dataclass
class Contrast:
    """Two statements the notes set against each other (the sides of one comparison row)."""

    left: tuple[str, str]
    right: tuple[str, str]


@dataclass
class ComparisonDraft:
    id: str
    title: str
    sides: list[str]
    source: str
    rows: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    summary: str = ""


@dataclass
class Drafts:
    services: dict[str, TopicDraft] = field(default_factory=dict)
    comparisons: list[ComparisonDraft] = field(default_factory=list)
    contrasts: list[Contrast] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


SUMMARY_FACTS = 3
"""Notes with no paragraph under a heading are summed up by its first bullets."""


def sum_up(draft: TopicDraft) -> None:
    """Give a topic its summary (its first paragraph, else its first bullets) and mark the facts
    the summary already says, so an overview does not repeat them."""
    lead = draft.facts[: 1 if draft.summary else SUMMARY_FACTS]
    for fact in lead:
        fact.first = True
    if not draft.summary:
        draft.summary = f"{draft.short}: " + "; ".join(f.text.rstrip(".") for f in lead) + "."


def unique_id(base: str, taken: dict) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def flat_item(item: Item) -> str:
    """A bullet and what is nested under it, on one line: "Runtimes (Node.js, Python)"."""
    text = item.text.rstrip(" ,;")
    if item.children:
        return f"{text} ({', '.join(flat_item(c) for c in item.children)})"
    return text


def sentence(text: str) -> str:
    text = text.strip().rstrip(" ,;")
    return text[:1].upper() + text[1:] if text else text


def fact_keywords(fact: FactDraft) -> list[str]:
    label = [fact.label] if fact.label and fact.label != fact.text else []
    return keywords_for(fact.text, label)


def fact_tags(fact: FactDraft) -> list[str]:
    return tags_for(f"{fact.label} {fact.text}", first=fact.first)
