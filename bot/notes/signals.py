"""Matching signals derived from the notes' own words: names, acronyms, expansions, tags."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.knowledge import TAGS
from bot.core.text import NEGATIONS, fold, stem, words
from bot.core.vocabulary import NOISE, NOISE_STEMS, TAG_STEMS

VS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)
_PARENS = re.compile(r"\s*\(([^)]*)\)")
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s-\s|\s–\s|\s—\s|\bbut\b)\s*", re.IGNORECASE)
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|[a-z]|$)|[A-Z]?[a-z]+|\d+")
_NUMBER = re.compile(r"\d[\d,]*")
MAX_PHRASE_WORDS = 12


def heading_name(heading: str) -> tuple[str, str]:
    """A heading's name and what follows a colon: "Lambda: serverless functions" -> both parts."""
    name, colon, rest = heading.partition(":")
    if colon and name.strip() and len(name.split()) <= 6:
        return name.strip(), rest.strip()
    return heading.strip(), ""


def strip_vendor(name: str, vendors: frozenset[str]) -> str:
    """The name without leading words that only say whose it is ("AWS Lambda" -> "Lambda")."""
    parts = name.split()
    while len(parts) > 1 and fold(parts[0]) in vendors:
        parts = parts[1:]
    return " ".join(parts)


def vendor_words(headings: Iterable[str]) -> frozenset[str]:
    """Words that say whose a name is: the noise words (aws, amazon) and any capitalised word that
    starts three or more headings of these notes (a team's "GCP Pub/Sub", "GCP Storage", ...)."""
    firsts: dict[str, int] = {}
    for heading in headings:
        for side in VS.split(heading):
            first = side.split()[0] if side.split() else ""
            if first[:1].isupper() and len(side.split()) > 1:
                firsts[fold(first)] = firsts.get(fold(first), 0) + 1
    return frozenset(NOISE) | {w for w, n in firsts.items() if n >= 3}


def names_of(name: str, vendors: frozenset[str]) -> list[str]:
    """Every name a heading gives: itself, without parentheses, what the parentheses hold, without
    the vendor word, and the acronym of a multi-word capitalised name."""
    base = _PARENS.sub("", name).strip()
    found = [name, base]
    for inside in _PARENS.findall(name):
        found += [p.strip() for p in re.split(r"[,;/]| or ", inside) if p.strip()]
    found += [strip_vendor(n, vendors) for n in list(found)]
    short = strip_vendor(base, vendors).split()
    initials = len(short) >= 2 and all(w[:1].isupper() and not w.isupper() for w in short)
    if initials and not _PARENS.search(name):  # a name in parentheses is the author's short name
        found.append("".join(w[0] for w in short).upper())
    if len(short) == 2:  # "API Gateway" is also typed "apigateway" and "api-gateway"
        found += ["".join(short), "-".join(short)]
    return _unique(found)


def short_name(name: str, vendors: frozenset[str]) -> str:
    """The name people use in chat: an acronym in parentheses, else the name without vendor word."""
    for inside in _PARENS.findall(name):
        token = inside.strip()
        if re.fullmatch(r"[A-Z0-9][A-Za-z0-9]{1,7}", token):
            return token
    return strip_vendor(_PARENS.sub("", name).strip(), vendors)


def slug(text: str, limit: int = 5) -> str:
    return "-".join(words(text.replace("/", " "))[:limit]).replace(".", "").replace("'", "") or "x"


def clauses(text: str, asides: bool = True) -> list[str]:
    """The parts of a statement: "High availability but no auto scaling" -> two claims; what
    parentheses hold is a part of its own (or, with `asides=False`, left out)."""
    inside = _PARENS.findall(text) if asides else []
    parts = [*_CLAUSE.split(_PARENS.sub(" ", text)), *(p for i in inside for p in _CLAUSE.split(i))]
    return [c.strip(" .") for c in parts if c and c.strip(" .")]


def without_asides(text: str) -> str:
    return _PARENS.sub(" ", text)


def expansions(text: str) -> list[str]:
    """Other words for what the text says: "serverless" -> "without servers", "RESTful" -> "rest",
    "on-demand" -> "on demand", "automated" -> "automatic", "100000's" -> "thousands"."""
    out: list[str] = []
    for raw in re.findall(r"[\w.'/-]+", text):
        low = fold(raw)
        if low.endswith("less") and len(low) > 7 and low.isalpha():
            root = low[:-4]
            out += [f"without {root}s", f"no {root}s"]
        for sep in ("-", "/"):
            if sep in low:
                out.append(" ".join(p for p in low.split(sep) if p))
        if low.startswith(("automat", "autom")):
            out += ["automatic", "auto"]
        camel = _CAMEL.findall(raw)
        if len(camel) > 1 and any(p.isupper() for p in camel):
            out += [p.lower() for p in camel if p.isupper() or len(p) > 3]
        out += _magnitude(low)
    return _unique(out)


def _magnitude(token: str) -> list[str]:
    digits = _NUMBER.match(token)
    if not digits:
        return []
    value = int(digits.group().replace(",", "") or 0)
    if value >= 1_000_000:
        return ["millions"]
    return ["thousands"] if value >= 1_000 else []


def content_stems(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    """The stems that carry meaning: no noise, no negations, none of `drop` (a topic's own name)."""
    out = []
    for w in words(text):
        s = _normal(stem(w))
        if w in NOISE or s in NOISE_STEMS or w in NEGATIONS or s in drop:
            continue
        out.append(s)
    return out


def _normal(s: str) -> str:
    return "auto" if s.startswith("autom") else s


def is_negative(text: str) -> bool:
    return any(w in NEGATIONS or w.endswith("n't") for w in words(text))


def keywords_for(text: str, extra: Iterable[str] = ()) -> list[str]:
    """A fact's keywords: its clauses as short phrases, the words of its label, and expansions."""
    phrases = [fold(c) for c in clauses(text) if 0 < len(words(c)) <= MAX_PHRASE_WORDS]
    return _unique([*phrases, *(fold(e) for e in extra if words(e)), *expansions(text)])


def tags_for(text: str, first: bool = False) -> list[str]:
    """Tags whose cue words the text uses (pricing, limits, scaling...); "concepts" otherwise."""
    stems = {stem(w) for w in words(text)} | {stem(e) for e in words(" ".join(expansions(text)))}
    found = [t for t, cues in TAG_STEMS.items() if t != "use-cases" and stems & cues]
    if first:
        found.insert(0, "overview")
    return [t for t in TAGS if t in found] or ["concepts"]


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading, so a source points at the notes' section."""
    text = re.sub(r"[^\w\s-]", "", heading.lower()).strip()
    return re.sub(r"\s", "-", text)


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        item = item.strip()
        if item and fold(item) not in seen:
            seen[fold(item)] = item
    return list(seen.values())
