"""`studybot kb import`: a team's markdown notes in, draft knowledge files (our schema) out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from bot.core.knowledge import KnowledgeError, Topic, load_knowledge
from bot.notes.build import draft_topics
from bot.notes.drafts import (
    ComparisonDraft,
    Drafts,
    TopicDraft,
    fact_keywords,
    fact_tags,
    sum_up,
)
from bot.notes.markdown import parse_notes
from bot.notes.signals import VS, keywords_for, slug, tags_for
from bot.notes.truth import mark_false

MAX_NOTES_BYTES = 2 * 2**20
"""Notes larger than this are refused: study notes are a few pages, not a book dump."""
MAX_KEYWORD_WORDS = 12


class NotesError(ValueError):
    """The notes cannot be imported; the message is one line saying why."""


@dataclass
class Imported:
    """The validated topics and what the importer could not place."""

    topics: list[Topic]
    unplaced: list[str] = field(default_factory=list)

    @property
    def facts(self) -> int:
        return sum(len(t.facts) for t in self.topics)


def read_notes(path: Path) -> str:
    """The notes' text, or a NotesError naming what is wrong with the file."""
    try:
        size = path.stat().st_size
        if size > MAX_NOTES_BYTES:
            mib = size / 2**20
            raise NotesError(f"{path}: {mib:.1f} MB is too large for notes (at most 2 MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise NotesError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise NotesError(f"{path}: is a binary file, not markdown notes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotesError(f"{path}: is not UTF-8 text, not markdown notes") from None
    if not text.strip():
        raise NotesError(f"{path}: is empty")
    return text


def import_notes(text: str, notes_name: str) -> Imported:
    """Turn markdown notes into validated topics (services and comparisons)."""
    doc = parse_notes(text)
    if not doc.sections:
        raise NotesError(
            f"{notes_name}: no headings found; the importer makes a topic per `## heading`"
        )
    drafts = draft_topics(doc, quote(notes_name, safe=""))  # "our notes.md" -> "our%20notes.md"
    if not drafts.services:
        raise NotesError(
            f"{notes_name}: no heading has bullets or text under it to make a topic of"
        )
    mark_false(drafts)
    services = [d for d in drafts.services.values() if d.facts]
    for draft in services:
        sum_up(draft)
    raw = [_service(d) for d in services]
    raw += [_comparison(c, drafts) for c in drafts.comparisons]
    try:
        topics = [Topic.model_validate(r) for r in raw]
    except ValueError as exc:  # a bug in the importer, never the notes' fault
        first = str(exc).splitlines()[:3]
        raise NotesError(f"{notes_name}: could not build valid topics: {' '.join(first)}") from None
    return Imported(topics, drafts.unplaced)


def _service(d: TopicDraft) -> dict:
    facts: list[dict] = []
    ids: set[str] = set()
    for fact in d.facts:
        fid = _fact_id(d.id, fact.label or fact.text, ids)
        entry: dict = {
            "id": fid,
            "text": _sentence_end(fact.text),
            "tags": fact_tags(fact),
            "keywords": fact_keywords(fact),
            "source": fact.source,
        }
        if fact.false_for:
            entry["false_for"] = sorted(fact.false_for)
        facts.append(entry)
    phrases = [k for f in d.facts if f.describes for k in keywords_for(f.describes)]
    phrases = [k for k in phrases if len(k.split()) <= MAX_KEYWORD_WORDS]
    return {
        "id": d.id,
        "kind": "service",
        "title": d.title,
        "aliases": d.aliases,
        "keywords": list(dict.fromkeys(phrases)),
        "summary": d.summary,
        "facts": facts,
        "sources": [d.source],
    }


def _sentence_end(text: str) -> str:
    """A fact reads as a sentence in an answer, where facts are joined: "No time limit."."""
    return text if text[-1:] in ".!?" else f"{text}."


def _fact_id(topic_id: str, text: str, taken: set[str]) -> str:
    base = f"{topic_id}-{slug(text, 4)}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _comparison(c: ComparisonDraft, drafts: Drafts) -> dict:
    a, b = (drafts.services[s] for s in c.sides)
    dims = [
        {
            "name": name,
            "tags": tags_for(" ".join([name, *values.values()])),
            "keywords": keywords_for(name, values.values()),
            "values": values,
            "sources": [c.source],
        }
        for name, values in c.rows
    ]
    pairs = [(a.short, b.short), (b.short, a.short)]
    aliases = [f"{x} {sep} {y}" for x, y in pairs for sep in ("vs", "versus", "or")]
    aliases.append(f"difference between {a.short} and {b.short}")
    return {
        "id": c.id,
        "kind": "comparison",
        "title": c.title,
        "compares": c.sides,
        "aliases": list(dict.fromkeys([c.title, *aliases])),
        "keywords": [name.lower() for name, _ in c.rows],
        "summary": c.summary,
        "dimensions": dims,
        "advice": c.advice,
        "sources": [c.source],
    }


def write_topics(imported: Imported, out: Path, notes_name: str, force: bool) -> list[Path]:
    """Write one YAML file per topic under `out/topics/`; refuse to overwrite unless `force`."""
    folder = out / "topics"
    paths = [folder / f"{t.id}.yaml" for t in imported.topics]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise NotesError(
            f"{existing[0]} already exists ({len(existing)} of {len(paths)} files would be "
            "overwritten); use --force to replace them"
        )
    texts = [_yaml(topic, notes_name) for topic in imported.topics]  # all rendered before any write
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for text, path in zip(texts, paths, strict=True):
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise NotesError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    return paths


def _yaml(topic: Topic, notes_name: str) -> str:
    body = {"topics": [topic.model_dump(exclude_defaults=True)]}
    header = (
        f"# {topic.title}: drafted from {notes_name} by `studybot kb import`.\n"
        "# Edit freely (check each fact against its source), then run `studybot kb check`.\n"
    )
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter is ~10x faster
    return header + yaml.dump(body, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def check_written(out: Path) -> None:
    """Load what was written the way the bot will, so a draft that fails `kb check` is caught."""
    try:
        load_knowledge(out)
    except KnowledgeError as exc:
        raise NotesError(f"the written files do not pass `kb check`: {exc}") from None


def out_dir_for(notes: Path) -> Path:
    return Path(f"knowledge-{slug(notes.stem, 6) or 'notes'}")


__all__ = ["Imported", "NotesError", "import_notes", "read_notes", "write_topics", "VS"]
