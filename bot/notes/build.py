"""From parsed notes to draft topics: a service per heading, a comparison per "X vs Y" heading."""

from __future__ import annotations

import re

from bot.core.text import fold
from bot.notes.compare import add_comparison
from bot.notes.drafts import Drafts, FactDraft, TopicDraft, flat_item, unique_id
from bot.notes.markdown import Document, Item, Section, Table
from bot.notes.signals import VS, anchor, heading_name, names_of, short_name, slug, vendor_words

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`\"'(])")


def draft_topics(doc: Document, notes_name: str) -> Drafts:
    """Every topic the notes give, plus the lines that fit no topic."""
    sections = doc.walk()
    vendors = vendor_words(s.title for s in sections)
    level = _topic_level(sections)
    drafts = Drafts(unplaced=[f"before the first heading: {p}" for p in doc.preamble])
    comparisons = []
    for section in sections:
        if VS.search(section.title) and section.has_content:
            comparisons.append(section)
        elif section.level == level and section.subtree_has_content():
            _add_service(drafts, section, notes_name, vendors)
        elif (
            section.level < level
            and section.has_content
            or section.level > level
            and not _under_topic(section, sections, level)
        ):
            drafts.unplaced += [f"{section.title}: {t}" for t in _loose_text(section)]
        if not section.subtree_has_content() and not section.other:
            drafts.unplaced.append(f"{section.title}: a heading with nothing under it")
    for section in comparisons:
        add_comparison(drafts, section, notes_name, vendors)
    return drafts


def _topic_level(sections: list[Section]) -> int:
    """The heading level that holds the topics: the one where most headings have bullets, text or
    a table of their own (the shallowest on a tie), skipping levels whose titles repeat ("Pricing"
    under every service is an aspect of a topic, not a topic). vs headings do not count."""
    by_level: dict[int, list[str]] = {}
    for s in sections:
        if s.has_content and not VS.search(s.title):
            by_level.setdefault(s.level, []).append(fold(s.title))
    levels = [lvl for lvl, titles in by_level.items() if len(set(titles)) == len(titles)]
    if not levels:
        return min(by_level, default=0)
    return max(sorted(levels), key=lambda lvl: len(by_level[lvl]))


def _under_topic(section: Section, sections: list[Section], level: int) -> bool:
    return any(
        s.level == level and not VS.search(s.title) and _contains(s, section) for s in sections
    )


def _contains(parent: Section, child: Section) -> bool:
    return any(c is child or _contains(c, child) for c in parent.children)


def _loose_text(section: Section) -> list[str]:
    return [*section.paragraphs, *(i.text for i in section.items), *section.other]


def _add_service(
    drafts: Drafts, section: Section, notes_name: str, vendors: frozenset[str]
) -> None:
    name, after_colon = heading_name(section.title)
    short = short_name(name, vendors)
    topic_id = unique_id(slug(short), drafts.services)
    source = f"{notes_name}#{anchor(section.title)}"
    draft = TopicDraft(topic_id, name, short, names_of(name, vendors), source)
    paragraphs = ([after_colon] if after_colon else []) + section.paragraphs
    draft.summary = paragraphs[0] if paragraphs else ""
    for paragraph in paragraphs:
        draft.facts += [FactDraft(s, source) for s in _SENTENCE.split(paragraph) if s.strip()]
    draft.facts += _facts_of(section, source)
    for sub in section.children:
        if VS.search(sub.title):
            continue
        sub_source = f"{notes_name}#{anchor(sub.title)}"
        draft.facts += _facts_of(sub, sub_source, label=sub.title, deep=True)
        draft.facts += [
            FactDraft(f"{sub.title}: {s}", sub_source, sub.title)
            for p in sub.paragraphs
            for s in _SENTENCE.split(p)
            if s.strip()
        ]
    drafts.unplaced += [f"{section.title}: {t}" for t in section.other]
    if draft.facts:
        drafts.services[topic_id] = draft


def _facts_of(
    section: Section, source: str, label: str = "", deep: bool = False
) -> list[FactDraft]:
    facts = [_from_item(item, source, label) for item in section.items]
    facts += [
        FactDraft(row, source, label, describes="")
        for t in section.tables
        for row in _table_rows(t)
    ]
    if deep:
        for sub in section.children:
            sub_label = f"{label}: {sub.title}" if label else sub.title
            facts += _facts_of(sub, source, sub_label, deep=True)
    return [f for f in facts if f.text]


def _from_item(item: Item, source: str, label: str) -> FactDraft:
    """A bullet as one statement; nested bullets join it ("Pricing: pay per call; pay per ms")."""
    text = item.text.rstrip(" ,;")
    if item.children:
        inner = "; ".join(flat_item(c) for c in item.children)
        text = f"{text.rstrip(':')}: {inner}" if text else inner
    if label and not fold(text).startswith(fold(label)):
        text = f"{label}: {text}"
    describes = "" if label else item.text
    return FactDraft(text, source, label or item.text, describes=describes)


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        if not row or not row[0]:
            continue
        cells = [
            f"{h} {v}".strip() if h else v
            for h, v in zip(table.header[1:], row[1:], strict=False)
            if v
        ]
        rows.append(f"{row[0]}: {'; '.join(cells)}" if cells else row[0])
    return rows
