"""Turning a match into an answer a patient colleague would give: the asked-for fact first."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import Concept, Dimension, Fact, KnowledgeBase, Need, Topic
from bot.core.matching import Match
from bot.core.replies import Choice, Link, Reply

MORE_FACTS = 4
SHORT_COMPARISON = 900
"""A comparison answer stays under this many characters; the full table is one click away."""
SUMMARY_ROWS = 3
MORE_PREFIX = "more:"
"""Button values that ask for the full comparison table of the topic after the prefix."""


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
    elif match.kind == "scenario" and match.topic is not None:
        reply = _scenario(match)
    elif match.kind == "concept" and match.topic is not None:
        reply = _concepts(match.topic, match.concepts)
    elif match.topic is not None:
        reply = _service(match.topic, match.lead_facts, _opener(match))
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


def _opener(match: Match) -> str:
    """What goes before the lead: yes or no, and services asked about that are not covered."""
    parts = [f"{name} isn't something I cover yet." for name in match.not_covered]
    if match.verdict:
        parts.append(f"{match.verdict}.")
    return " ".join(parts)


def _service(topic: Topic, lead: tuple[Fact, ...], opener: str = "") -> Reply:
    lead_ids = {f.id for f in lead}
    rest = [f for f in topic.facts if f.id not in lead_ids and "overview" not in f.tags]
    more = rest[:MORE_FACTS] if not lead else rest[: MORE_FACTS - 1]
    lead_text = " ".join(f.text for f in lead) if lead else topic.summary
    lead_text = f"{opener} {lead_text}" if opener else lead_text
    body = tuple(f.text for f in more)
    links = _links([*lead, *more] or topic.facts[:1])
    heading = "More:" if lead else "Key facts:"
    tags = sorted({t for f in topic.facts for t in f.tags} - {"overview", "concepts", "history"})
    footer = f"Ask me about its {', '.join(tags[:5])}." if tags else None
    text = _plain(topic.title, lead_text, heading, body, links, footer)
    return Reply(text, "answer", topic.title, lead_text, body, links, footer=footer)


def _scenario(match: Match) -> Reply:
    """ "Use AWS Batch." with the needs that decide it, and why a named rival does not fit."""
    assert match.topic is not None
    topic = match.topic
    needs: list[Need] = list(match.needs[:2])
    lead = f"**Use {topic.title}.** " + " ".join(n.text for n in needs[:1])
    body = tuple(n.text for n in needs[1:])
    sources = [n.source for n in needs]
    if match.rival is not None and match.rival_limit is not None:
        body += (f"Not {_short(match.rival)}: {match.rival_limit.text}",)
        sources.append(match.rival_limit.source)
    elif match.rival is not None and match.rival_note is not None:
        body += (match.rival_note,)
    if not needs:
        lead += topic.summary
        sources += [f.source for f in topic.facts[:1]]
    links = tuple(Link(_label(u), u) for u in dict.fromkeys(sources))[:2]
    text = _plain(topic.title, lead, "", body, links, None)
    return Reply(text, "answer", topic.title, lead, body, links)


def _concepts(topic: Topic, concepts: tuple[Concept, ...]) -> Reply:
    """A term's definition; two terms ("task vs service") side by side."""
    names = " vs ".join(c.names[0] for c in concepts)
    title = f"{_short(topic)}: {names}"
    lead = concepts[0].text
    body = tuple(c.text for c in concepts[1:])
    links = tuple(Link(_label(u), u) for u in dict.fromkeys(c.source for c in concepts))
    text = _plain(title, lead, "", body, links, None)
    return Reply(text, "answer", title, lead, body, links)


def _comparison(match: Match, kb: KnowledgeBase) -> Reply:
    """A short comparison: the asked row first, or a three-row summary, within 900 characters;
    the full table is offered behind a "more" button (or by saying "more")."""
    if match.topic is None:
        return _synthesized(match.compared, match.lead_facts)
    topic = match.topic
    names = {tid: _short(kb.topics[tid]) for tid in topic.compares}
    asked = match.lead_dimension
    dims = [asked] if asked is not None else topic.dimensions[:SUMMARY_ROWS]
    rows = [_row(d, names, brief=True) for d in dims]
    footer = 'Say "more" for the full table.'
    leads = [_first_sentence(topic.summary), "In short:"]
    while True:
        lead = rows[0] if asked is not None else leads[0]
        body = tuple(rows[1:] if asked is not None else rows)
        links = _dimension_links(dims[: max(1, len(body))], 2)
        text = _plain(topic.title, lead, "", body, links, footer)
        if len(text) <= SHORT_COMPARISON or (len(body) <= 1 and len(leads) == 1):
            break
        if len(leads) > 1:
            leads.pop(0)
        else:
            rows.pop()
    more = Choice("", "Full table", MORE_PREFIX + topic.id)
    return Reply(text, "answer", topic.title, lead, body, links, (more,), footer=footer)


def full_comparison(topic: Topic, kb: KnowledgeBase) -> Reply:
    """Every row of a comparison topic, with its advice: the long form behind "more"."""
    names = {tid: _short(kb.topics[tid]) for tid in topic.compares}
    body = tuple(_row(d, names) for d in topic.dimensions) + tuple(topic.advice)
    links = _dimension_links(topic.dimensions, 4)
    text = _plain(topic.title, topic.summary, "Side by side:", body, links, None)
    return Reply(text, "answer", topic.title, topic.summary, body, links)


def _dimension_links(dims, limit: int) -> tuple[Link, ...]:
    urls = dict.fromkeys(u for d in dims for u in d.sources)
    return tuple(Link(_label(u), u) for u in urls)[:limit]


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _synthesized(topics: tuple[Topic, ...], asked: tuple[Fact, ...] = ()) -> Reply:
    """Two services with no comparison card: each one's fact on what was asked, else its summary."""
    title = " vs ".join(t.title for t in topics)
    by_topic = {t.id: next((f for f in asked if f in t.facts), None) for t in topics}
    body = tuple(f"{_short(t)}: {_fact_or_summary(t, by_topic[t.id])}" for t in topics)
    lead = "I have no side-by-side card for these, so here is each in short."
    links = _links([by_topic[t.id] or t.facts[0] for t in topics if t.facts])
    text = _plain(title, lead, "", body, links, None)
    return Reply(text, "answer", title, lead, body, links)


def _fact_or_summary(topic: Topic, fact: Fact | None) -> str:
    return fact.text if fact is not None else topic.summary


def _decline(match: Match) -> Reply:
    if match.uncovered is not None:
        return _uncovered(match)
    if match.kind == "empty":
        text = 'Ask me a question about AWS compute, e.g. "what is Fargate", or type `help`.'
        return Reply(text, "unknown", suggestions=match.suggestions)
    opener = match.small_talk or "I don't know that one."
    tips = ", ".join(match.suggestions)
    text = f"{opener} I can tell you about {tips}." if tips else opener
    return Reply(text, "unknown", suggestions=match.suggestions)


def _uncovered(match: Match) -> Reply:
    other = match.uncovered
    assert other is not None
    tips = ", ".join(match.suggestions)
    if match.described:
        opener = (
            f"That sounds like {other.name} ({other.about.split(',')[0]}), which I don't cover yet."
        )
    else:
        opener = f"{other.name} isn't something I cover yet."
    text = f"{opener} Nearest topics I do cover: {tips}." if tips else opener
    return Reply(text, "unknown", suggestions=match.suggestions)


def _row(dim: Dimension, names: dict[str, str], brief: bool = False) -> str:
    sides = " · ".join(
        f"{names[tid]}: {_brief(value) if brief else value.rstrip('.')}"
        for tid, value in dim.values.items()
    )
    return f"{dim.name} — {sides}"


def _brief(value: str) -> str:
    """A row value's first clause: "at most 15 minutes (900 seconds) per invocation"."""
    head = value.split("; ")[0].split(". ")[0]
    return head.rstrip(".")


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
