"""Finding a topic's names in a sentence and masking them, compound words included."""

from __future__ import annotations

import re
from functools import cache

from bot.core.knowledge import Topic

MASK = "___"
_PREFIX = r"(?:(?:AWS|Amazon)\s+)?"


def names_of(topic: Topic) -> tuple[str, ...]:
    """Every way the topic is named: title, title without AWS/Amazon, the parts of a title like
    "Amazon ECS (Elastic Container Service)", and the aliases; longest first."""
    title = topic.title
    parts = [title, *re.findall(r"\(([^)]+)\)", title), re.sub(r"\s*\([^)]*\)", "", title)]
    names = {*parts, *(_short(p) for p in parts), *topic.aliases}
    return tuple(sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n)))


def _short(name: str) -> str:
    return re.sub(r"^(?:AWS|Amazon)\s+", "", name)


@cache
def _pattern(names: tuple[str, ...], plain: frozenset[str], exact: bool = False) -> re.Pattern[str]:
    """A name starts a word and may run on inside it (Dockerfile, dockerd); an ordinary word
    ("batch") counts only capitalised, where it names the service."""
    alternatives = []
    for name in names:
        body = r"\s+".join(map(re.escape, name.split()))
        if name.casefold() in plain:
            head, rest = re.escape(name[0].upper()), body[1:] if name[0].isalpha() else body
            alternatives.append(f"(?-i:{head}){rest}")
        else:
            alternatives.append(body)
    tail = "" if exact else r"[\w]*"
    return re.compile(rf"(?<![\w-]){_PREFIX}(?:{'|'.join(alternatives)}){tail}", re.I)


def name_pattern(topic: Topic) -> re.Pattern[str]:
    """The regex that finds any name of `topic` (see `_pattern`)."""
    plain = frozenset(w.casefold() for w in topic.plain_words)
    return _pattern(names_of(topic), plain)


def names_in(text: str, topic: Topic) -> bool:
    """True when `text` names `topic` anywhere, compound words included."""
    return name_pattern(topic).search(text) is not None


def tells_in(text: str, topic: Topic) -> list[str]:
    """The topic's tell-tale words that occur in `text` (whole words, any case)."""
    return [t for t in topic.tells if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text, re.I)]


def mask(text: str, topic: Topic) -> str | None:
    """`text` with every name of `topic` replaced by ___; None when it never names the topic, when
    a name runs on inside a longer word ("Dockerfile": masking it would garble the sentence, and
    leaving it would give the answer away), or when a tell-tale word still gives it away."""
    pattern = name_pattern(topic)
    if any(_compound(m.group(0), topic) for m in pattern.finditer(text)):
        return None
    masked, count = pattern.subn(MASK, text)
    if count == 0 or names_in(masked, topic) or tells_in(masked, topic):
        return None
    return masked


def _compound(found: str, topic: Topic) -> bool:
    plain = frozenset(w.casefold() for w in topic.plain_words)
    return _pattern(names_of(topic), plain, exact=True).fullmatch(found) is None
