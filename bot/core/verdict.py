"""Yes or no: whether a fact answers a polar question ("can fargate use gpus?") yes or no."""

from __future__ import annotations

from bot.core.text import NEGATIONS, polar_stems, words
from bot.core.vocabulary import NOISE, NOISE_STEMS

POLAR_STARTS = frozenset("can could does do did is are was were will would has have".split())
"""First words of a yes/no question ("can lambda ...", "is there a time limit ...")."""
_CAPABILITY = POLAR_STARTS - {"is", "are", "was", "were"}
_ABLE = frozenset(["able", "capable", "possible"])


def is_polar(tokens: list[str]) -> bool:
    """Whether a question asks for yes or no; "in api gateway, can i ..." counts too."""
    return any(t in POLAR_STARTS for t in tokens[:1]) or (
        len(tokens) > 3 and tokens[0] in ("so", "and", "but", "also") and tokens[1] in POLAR_STARTS
    )


def asks_capability(tokens: list[str]) -> bool:
    """ "can lambda ...", "does ecr ...", "is api gateway able to ..." ask what a service can do;
    "is lightsail free" does not."""
    return any(t in _CAPABILITY for t in tokens[:2]) or any(t in _ABLE for t in tokens[:6])


def verdict(question_stems: list[str], fact: str, capability: bool = True) -> str | None:
    """ "No" when the fact negates what the question asks for ("no time limit" for "is there a
    time limit"), "Yes" when it states it before any negation ("caching ... is billed, not
    free") and the question asks what a service can do, else None: a fact that only touches
    the question decides nothing, and "is lightsail free?" is not answered yes by a free trial."""
    asked = {s for s in question_stems if s not in NOISE_STEMS and not s.startswith("!")}
    tokens = words(fact)
    stated = polar_stems(tokens, NOISE)
    if asked & {s[1:] for s in stated if s.startswith("!")}:
        return "No"
    said = [i for i, s in enumerate(stated) if s in asked]
    negations = [i for i, t in enumerate(tokens) if t in NEGATIONS]
    if capability and said and (not negations or max(said) < min(negations)):
        return "Yes"
    return None
