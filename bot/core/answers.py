"""Turning a match into an answer a patient colleague would give: the asked-for fact first."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import Dimension, Fact, KnowledgeBase, Topic
from bot.core.matching import Match
from bot.core.replies import Link, Reply

MORE_FACTS = 4


@dataclass(frozen=True)
class Answer:
    """The answer to one question, in the shape of the `studybot ask --json` contract."""

    question: str
    matched: bool
    topic: str | None
    title: str | None
    confidence: float
    suggestions: tuple[str, ...]
    reply: Reply

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "matched": self.matched,
            "topic": self.topic,
            "title": self.title,
            "answer": self.reply.text,
            "confidence": self.confidence,
            "suggestions": list(self.suggestions),
        }


def compose(match: Match, kb: KnowledgeBase) -> Answer:
    """The reply for a match: overview, the fact asked for, a comparison, or a plain decline."""
    if match.kind == "compare":
        reply = _comparison(match, kb)
    elif match.topic is not None:
        reply = _service(match.topic, match.lead_facts)
    else:
        reply = _decline(match)
    title = reply.title if match.matched else None
    topic = match.topic.id if match.topic else None
    if topic is None and match.compared:
        topic = "-vs-".join(t.id for t in match.compared)
    return Answer(
        question=match.question,
        matched=match.matched,
        topic=topic,
        title=title,
        confidence=match.confidence if match.matched else 0.0,
        suggestions=() if match.matched else match.suggestions,
        reply=reply,
    )


def _service(topic: Topic, lead: tuple[Fact, ...]) -> Reply:
    lead_ids = {f.id for f in lead}
    rest = [f for f in topic.facts if f.id not in lead_ids and "overview" not in f.tags]
    more = rest[:MORE_FACTS] if not lead else rest[: MORE_FACTS - 1]
    lead_text = " ".join(f.text for f in lead) if lead else topic.summary
    body = tuple(f.text for f in more)
    links = _links([*lead, *more] or topic.facts[:1])
    heading = "More:" if lead else "Key facts:"
    tags = sorted({t for f in topic.facts for t in f.tags} - {"overview", "concepts", "history"})
    footer = f"Ask me about its {', '.join(tags[:5])}." if tags else None
    text = _plain(topic.title, lead_text, heading, body, links, footer)
    return Reply(text, "answer", topic.title, lead_text, body, links, footer=footer)


def _comparison(match: Match, kb: KnowledgeBase) -> Reply:
    if match.topic is None:
        return _synthesized(match.compared)
    topic = match.topic
    names = {tid: _short(kb.topics[tid]) for tid in topic.compares}
    dims = list(topic.dimensions)
    if match.lead_dimension is not None:
        dims.remove(match.lead_dimension)
        dims.insert(0, match.lead_dimension)
    rows = tuple(_row(d, names) for d in dims)
    lead = rows[0] if match.lead_dimension is not None else topic.summary
    body = rows[1:] if match.lead_dimension is not None else rows
    body += tuple(topic.advice)
    links = tuple(Link(_label(u), u) for u in dict.fromkeys(u for d in dims for u in d.sources))[:4]
    text = _plain(topic.title, lead, "Side by side:", body, links, None)
    return Reply(text, "answer", topic.title, lead, body, links)


def _synthesized(topics: tuple[Topic, ...]) -> Reply:
    title = " vs ".join(t.title for t in topics)
    body = tuple(f"{_short(t)}: {t.summary}" for t in topics)
    lead = "I have no side-by-side card for these, so here is each in short."
    links = _links([t.facts[0] for t in topics if t.facts])
    text = _plain(title, lead, "", body, links, None)
    return Reply(text, "answer", title, lead, body, links)


def _decline(match: Match) -> Reply:
    if match.kind == "empty":
        text = 'Ask me a question about AWS compute, e.g. "what is Fargate", or type `help`.'
        return Reply(text, "unknown", suggestions=match.suggestions)
    opener = match.small_talk or "I don't know that one."
    tips = ", ".join(match.suggestions)
    text = f"{opener} I can tell you about {tips}." if tips else opener
    return Reply(text, "unknown", suggestions=match.suggestions)


def _row(dim: Dimension, names: dict[str, str]) -> str:
    sides = " · ".join(f"{names[tid]}: {value.rstrip('.')}" for tid, value in dim.values.items())
    return f"{dim.name} — {sides}"


def _short(topic: Topic) -> str:
    return topic.title.split(" (")[0]


def _links(facts: list[Fact]) -> tuple[Link, ...]:
    urls = dict.fromkeys(f.source for f in facts)
    return tuple(Link(_label(u), u) for u in urls)[:3]


def _label(url: str) -> str:
    host_path = url.split("://", 1)[-1]
    return host_path.split("/", 1)[0]


def _plain(title: str, lead: str, heading: str, body: tuple[str, ...], links, footer) -> str:
    lines = [title, lead]
    if body:
        lines += ["", heading] if heading else [""]
        lines += [f"• {b}" for b in body]
    if links:
        lines += ["", "Sources: " + " ".join(link.url for link in links)]
    if footer:
        lines.append(footer)
    return "\n".join(lines)
