"""From parsed notes to draft topics: a service per heading, a comparison per "X vs Y" heading."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.text import fold
from bot.notes.markdown import Document, Item, Section, Table
from bot.notes.signals import (
    VS,
    anchor,
    clauses,
    heading_name,
    keywords_for,
    names_of,
    short_name,
    slug,
    tags_for,
    vendor_words,
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`\"'(])")


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
        _add_comparison(drafts, section, notes_name, vendors)
    return drafts


def _topic_level(sections: list[Section]) -> int:
    """The heading level that holds the topics: the shallowest with two or more headings (or one
    when there is only one) that have something under them; vs headings do not count."""
    counts: dict[int, int] = {}
    for s in sections:
        if s.subtree_has_content() and not VS.search(s.title):
            counts[s.level] = counts.get(s.level, 0) + 1
    if not counts:
        return 0
    return min((lvl for lvl, n in counts.items() if n >= 2), default=min(counts))


def _under_topic(section: Section, sections: list[Section], level: int) -> bool:
    return any(s.level == level and _contains(s, section) for s in sections)


def _contains(parent: Section, child: Section) -> bool:
    return any(c is child or _contains(c, child) for c in parent.children)


def _loose_text(section: Section) -> list[str]:
    return [*section.paragraphs, *(i.text for i in section.items), *section.other]


def _add_service(
    drafts: Drafts, section: Section, notes_name: str, vendors: frozenset[str]
) -> None:
    name, after_colon = heading_name(section.title)
    short = short_name(name, vendors)
    topic_id = _unique_id(slug(short), drafts.services)
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
            FactDraft(f"{sub.title}: {p}", sub_source, sub.title) for p in sub.paragraphs
        ]
    drafts.unplaced += [f"{section.title}: {t}" for t in section.other]
    if not draft.facts:
        return
    draft.facts[0].first = True
    if not draft.summary:
        draft.summary = f"{short}: {draft.facts[0].text}"
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
        inner = "; ".join(_flat(c) for c in item.children)
        text = f"{text.rstrip(':')}: {inner}" if text else inner
    if label and not fold(text).startswith(fold(label)):
        text = f"{label}: {text}"
    describes = "" if label else item.text
    return FactDraft(text, source, label or item.text, describes=describes)


def _flat(item: Item) -> str:
    text = item.text.rstrip(" ,;")
    if item.children:
        return f"{text} ({', '.join(_flat(c) for c in item.children)})"
    return text


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


def _unique_id(base: str, taken: dict) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# -- comparisons ------------------------------------------------------------------------------------


def _add_comparison(
    drafts: Drafts, section: Section, notes_name: str, vendors: frozenset[str]
) -> None:
    source = f"{notes_name}#{anchor(section.title)}"
    names = [n.strip() for n in VS.split(heading_name(section.title)[0]) if n.strip()]
    sides = [_resolve(drafts, n, vendors, source) for n in names[:2]]
    if len(names) < 2 or sides[0] == sides[1]:
        drafts.unplaced.append(f"{section.title}: a comparison needs two different sides")
        return
    comp = ComparisonDraft(f"{sides[0]}-vs-{sides[1]}", section.title, sides, source)
    comp.summary = section.paragraphs[0] if section.paragraphs else ""
    comp.advice = [p for p in section.paragraphs[1:]]
    _rows_from_groups(drafts, comp, section.items, vendors)
    for table in section.tables:
        _rows_from_table(drafts, comp, table, vendors)
    for side in sides:
        drafts.services[side].facts = [f for f in drafts.services[side].facts if f.text]
    if not comp.rows:
        drafts.unplaced.append(f"{section.title}: no rows to compare (bullets per side or a table)")
        return
    if not comp.summary:
        shorts = " and ".join(drafts.services[s].short for s in sides)
        dims = ", ".join(fold(name) for name, _ in comp.rows)
        comp.summary = f"How {shorts} differ: {dims}."
    drafts.comparisons.append(comp)


def _resolve(drafts: Drafts, name: str, vendors: frozenset[str], source: str) -> str:
    """The service a comparison side names; a side without its own section becomes a service."""
    wanted = {fold(n) for n in names_of(name, vendors)}
    for draft in drafts.services.values():
        if wanted & {fold(a) for a in draft.aliases}:
            return draft.id
    short = short_name(name, vendors)
    topic_id = _unique_id(slug(short), drafts.services)
    drafts.services[topic_id] = TopicDraft(topic_id, name, short, names_of(name, vendors), source)
    return topic_id


def _side_of(drafts: Drafts, text: str, sides: list[str], vendors: frozenset[str]) -> str | None:
    wanted = {fold(n) for n in names_of(text.rstrip(": "), vendors)}
    for side in sides:
        if wanted & {fold(a) for a in drafts.services[side].aliases}:
            return side
    return None


def _rows_from_groups(
    drafts: Drafts, comp: ComparisonDraft, items: list[Item], vendors: frozenset[str]
) -> None:
    groups: dict[str, list[str]] = {}
    for item in items:
        side = _side_of(drafts, item.text, comp.sides, vendors) if item.children else None
        if side is None:
            comp.advice.append(_flat(item))
        else:
            groups.setdefault(side, []).extend(_flat(c) for c in item.children)
    if len(groups) < 2:
        for side, values in groups.items():
            _side_facts(drafts, side, values, comp.source)
        return
    a, b = comp.sides
    for va, vb in zip(groups[a], groups[b], strict=False):
        _add_row(drafts, comp, _row_name(va, vb), {a: va, b: vb})
    for side in (a, b):
        extra = groups[side][min(len(groups[a]), len(groups[b])) :]
        _side_facts(drafts, side, extra, comp.source)


def _rows_from_table(
    drafts: Drafts, comp: ComparisonDraft, table: Table, vendors: frozenset[str]
) -> None:
    columns = {i: _side_of(drafts, h, comp.sides, vendors) for i, h in enumerate(table.header)}
    where = {side: i for i, side in columns.items() if side}
    if set(where) != set(comp.sides):
        drafts.unplaced.append(f"{comp.title}: a table whose columns are not the two sides")
        return
    a, b = comp.sides
    for row in table.rows:
        if len(row) <= max(where.values()) or not row[where[a]] or not row[where[b]]:
            drafts.unplaced.append(f"{comp.title}: table row {' | '.join(row)}")
            continue
        label = next((row[i] for i in range(len(row)) if i not in where.values()), "")
        values = {a: row[where[a]], b: row[where[b]]}
        _add_row(drafts, comp, label or _row_name(values[a], values[b]), values, labelled=True)


def _add_row(
    drafts: Drafts,
    comp: ComparisonDraft,
    name: str,
    values: dict[str, str],
    labelled: bool = False,
) -> None:
    comp.rows.append((name, values))
    (a, va), (b, vb) = values.items()
    text_a = f"{name}: {va}" if labelled else va
    text_b = f"{name}: {vb}" if labelled else vb
    drafts.services[a].facts.append(FactDraft(_sentence(text_a), comp.source, name, describes=va))
    drafts.services[b].facts.append(FactDraft(_sentence(text_b), comp.source, name, describes=vb))
    if fold(va) != fold(vb):
        drafts.contrasts.append(Contrast((a, _sentence(text_a)), (b, _sentence(text_b))))


def _side_facts(drafts: Drafts, side: str, values: list[str], source: str) -> None:
    drafts.services[side].facts += [FactDraft(_sentence(v), source) for v in values]


def _row_name(va: str, vb: str) -> str:
    """A row's name: the words both sides share ("Time limit" / "No time limit" -> "Time limit"),
    else the first side's words without the qualifier in front ("Limited runtime" -> "runtime")."""
    other = {fold(w) for w in re.findall(r"[\w./-]+", vb)}
    shared = [w for w in re.findall(r"[\w./-]+", va) if fold(w) in other]
    if shared and not all(fold(w) in _QUALIFIERS for w in shared):
        words_ = [w for w in shared if fold(w) not in _QUALIFIERS] or shared
        return _sentence(" ".join(words_))
    kept = [w for w in va.split() if fold(w) not in _QUALIFIERS]
    return _sentence(" ".join(kept) or va)


_QUALIFIERS = frozenset(
    "no not any all limited unlimited relies rely on with without only some many few".split()
)


def _sentence(text: str) -> str:
    text = text.strip().rstrip(" ,;")
    return text[:1].upper() + text[1:] if text else text


def fact_clauses(text: str) -> list[str]:
    return clauses(text)


def fact_keywords(fact: FactDraft) -> list[str]:
    return keywords_for(fact.text, [fact.label] if fact.label else [])


def fact_tags(fact: FactDraft) -> list[str]:
    return tags_for(f"{fact.label} {fact.text}", first=fact.first)
