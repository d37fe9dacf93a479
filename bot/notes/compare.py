"""Comparison topics from "X vs Y" sections: rows from the bullets under each side or a table."""

from __future__ import annotations

import re

from bot.core.text import fold
from bot.notes.drafts import (
    ComparisonDraft,
    Contrast,
    Drafts,
    FactDraft,
    TopicDraft,
    flat_item,
    sentence,
    unique_id,
)
from bot.notes.markdown import Item, Section, Table
from bot.notes.signals import VS, anchor, heading_name, names_of, short_name, slug


def add_comparison(
    drafts: Drafts, section: Section, notes_name: str, vendors: frozenset[str]
) -> None:
    """A comparison topic for an "X vs Y" section, and each side's values as facts of that side."""
    source = f"{notes_name}#{anchor(section.title)}"
    names = [n.strip() for n in VS.split(heading_name(section.title)[0]) if n.strip()]
    sides = [_resolve(drafts, n, vendors, source) for n in names[:2]]
    if len(names) < 2 or sides[0] == sides[1]:
        drafts.unplaced.append(f"{section.title}: a comparison needs two different sides")
        return
    taken = {c.id: c for c in drafts.comparisons} | drafts.services
    comp = ComparisonDraft(
        unique_id(f"{sides[0]}-vs-{sides[1]}", taken), section.title, sides, source
    )
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
    topic_id = unique_id(slug(short), drafts.services)
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
            comp.advice.append(flat_item(item))
        else:
            groups.setdefault(side, []).extend(flat_item(c) for c in item.children)
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
    drafts.services[a].facts.append(FactDraft(sentence(text_a), comp.source, name, describes=va))
    drafts.services[b].facts.append(FactDraft(sentence(text_b), comp.source, name, describes=vb))
    if fold(va) != fold(vb):
        drafts.contrasts.append(Contrast((a, sentence(text_a)), (b, sentence(text_b))))


def _side_facts(drafts: Drafts, side: str, values: list[str], source: str) -> None:
    drafts.services[side].facts += [FactDraft(sentence(v), source) for v in values]


def _row_name(va: str, vb: str) -> str:
    """A row's name: the words both sides share ("Time limit" / "No time limit" -> "Time limit"),
    else the first side's words without the qualifier in front ("Limited runtime" -> "runtime")."""
    other = {fold(w) for w in re.findall(r"[\w./-]+", vb)}
    shared = [w for w in re.findall(r"[\w./-]+", va) if fold(w) in other]
    if shared and not all(fold(w) in _QUALIFIERS for w in shared):
        words_ = [w for w in shared if fold(w) not in _QUALIFIERS] or shared
        return sentence(" ".join(words_))
    kept = [w for w in va.split() if fold(w) not in _QUALIFIERS]
    return sentence(" ".join(kept) or va)


_QUALIFIERS = frozenset(
    "no not any all limited unlimited relies rely on with without only some many few".split()
)
