"""Reading a described need: is the question asking which service to choose, and which one fits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.knowledge import Limit, Need, Uncovered
from bot.core.needs import NeedIndex, Ranked

# "which service", "what should we use", "most cost-effective", "what runs that code", "fits best"
_CHOICE = re.compile(
    r"(?:\bwhich\b|\bwhat\b(?!\s+(?:is|are|was|were)\b))(?:\s+\S+){0,3}?\s+"
    r"(service|services|technology|tool|option|solution|compute|product|feature|platform|"
    r"approach|offering)s?\b"
    r"|\b(what|which)\b(?:\s+\S+){0,3}?\s+(should|could|would|do|can)\s+(we|i|they|you|the|it|he|she)\b"
    r"(?:\s+\S+){0,3}?\s+(use|pick|choose|configure|run|deploy|host|store|hold|add|switch|move|"
    r"migrate|try)\b"
    r"|\bwhat\s+(runs|hosts|stores|holds|fits)\b"
    r"|\bwhere\s+(should|do|can|would)\s+(we|i|they|the|our|my)\b"
    r"|^(?:\S+\s+){0,2}how\s+(do|can|should|could)\s+(we|i)\s+(run|host|deploy|store|keep|"
    r"build|serve|process|schedule|expose|package|share|cache|give)\b"
    r"|\b(cheapest|simplest|easiest|best|cheap)\s+way\b"
    r"|\b(most|more|least|cheapest)\s+(cost[- ]effective|operational|suitable|appropriate)\b"
    r"|\b(best|better)\s+(fit|fits|suited|choice|option|way)\b"
    r"|\bfits?\s+best\b",
    re.IGNORECASE,
)
LONG_QUESTION = 20
"""Different content words from which a message reads as a described scenario (exam paragraphs
run 60-120 words, 35 or more of them content words)."""

NAMED_BONUS = 0.12
SUBJECT_BONUS = 0.45
MIN_WORDS = 2
MIN_SCORE = 0.45
"""Below this the best service is too weak a fit to recommend; the question is declined."""


LEAVING = frozenset("instead switch migrate replace alternative alternatives".split())
"""Words saying the named service is the one to move away from."""


# "A. Run ... B. Use ... C. ..." (or "A) ..." / "(A) ..."): the answer options of an exam question.
_OPTION = re.compile(r"(?:^|(?<=\s))\(?([A-Fa-f])[.)]\s+")


def split_options(text: str) -> tuple[str, list[str]]:
    """An exam question's stem and its answer options, when it lists three or more lettered
    options in order (A, B, C ...); otherwise the text and no options. The options are the
    candidates, not part of the need: their wording describes the wrong answers too."""
    starts: list[re.Match[str]] = []
    for m in _OPTION.finditer(text):
        if m.group(1).upper() == "ABCDEF"[len(starts)]:
            starts.append(m)
    if len(starts) < 3:
        return text, []
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return text[: starts[0].start()].strip(), [
        text[m.end() : end].strip() for m, end in zip(starts, ends, strict=True)
    ]


def asks_for_choice(cleaned: str, content_words: int) -> bool:
    """Whether the message describes a need and asks what fits it, rather than asking about
    a topic it names: a choice phrase, or a paragraph long enough to be an exam scenario."""
    return content_words >= LONG_QUESTION or _CHOICE.search(cleaned) is not None


@dataclass(frozen=True)
class Pick:
    """The service that fits a need (or the uncovered one it belongs to), and why."""

    service: str | None
    confidence: float
    needs: tuple[Need, ...] = ()
    rival: str | None = None
    rival_limit: Limit | None = None
    uncovered: Uncovered | None = None
    near: tuple[str, ...] = ()


def pick(
    index: NeedIndex,
    ranked: list[Ranked],
    named: list[str],
    subject: str | None,
    strict: bool = False,
    leaving: bool = False,
) -> Pick:
    """The best candidate once the services the question names get a small bonus (the one it
    is about, a large one); a rival named in the question comes with the limit that rules it
    out. `strict` asks for a clearer winner (for questions with no choice phrase)."""
    # With a covered service named, the topic is settled and one strong word can decide
    # ("our fargate tasks need GPUs"); without, one shared word is chance.
    least = (MIN_WORDS if not named else 1) + strict
    if leaving:  # "... what should we use instead?": the named service is being left
        subject, named = None, []
    scored = sorted(
        ((_bonus(r, named, subject), r) for r in ranked), key=lambda x: (-x[0], x[1].key)
    )
    if not scored:
        return Pick(None, 0.0)
    best_score, best = scored[0]
    services = [(s, r) for s, r in scored if r.uncovered is None]
    near = tuple(r.key for _, r in services[:3])
    if best.words < least and best.key not in named:
        return Pick(None, 0.0, near=near)  # one shared word is chance, not a described need
    if best.uncovered is not None:
        return Pick(None, 0.0, uncovered=best.uncovered, near=near)
    floor = MIN_SCORE * (1.6 if strict else 1.0)
    runner = services[1][0] if len(services) > 1 else 0.0
    if best_score < floor or (strict and best_score < 1.3 * runner):
        return Pick(None, 0.0, near=near)
    rival = next((r for _, r in services[1:] if r.key in named), None)
    confidence = round(min(1.0, 0.5 + 0.5 * (best_score - runner) / best_score), 3)
    return Pick(
        best.key,
        confidence,
        best.needs,
        rival=rival.key if rival else None,
        rival_limit=rival.ruled_out if rival else None,
    )


def _bonus(r: Ranked, named: list[str], subject: str | None) -> float:
    if r.key == subject and r.ruled_out is None:
        return r.score + SUBJECT_BONUS
    return r.score + (NAMED_BONUS if r.key in named else 0.0)
