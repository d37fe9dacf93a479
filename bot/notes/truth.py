"""What the notes say is false of a topic, so the quiz can use it as a wrong answer.

A statement is a conjunction of claims ("High availability but no auto scaling" claims two things);
it is false of a topic when one of its claims is the opposite of a claim the notes make about that
topic. Two claims are opposites when the notes set them against each other in a comparison row
("Time limit" / "No time limit", "Serverless" / "Relies on EC2"), or when they say the same thing
with opposite polarity ("Must provision the instances" / "Don't need to provision the instances").
Nothing else is assumed false: a topic the notes say nothing about is never a wrong answer.
"""

from __future__ import annotations

from bot.core.text import stem, words
from bot.notes.drafts import Drafts, TopicDraft
from bot.notes.signals import clauses, content_stems, is_negative, without_asides

Claim = tuple[frozenset[str], bool]
"""A claim: its content words (stems) and whether it is negated."""


def mark_false(drafts: Drafts) -> None:
    """Fill each fact's `false_for` with the topics the notes contradict it for."""
    owners = {tid: _own_stems(d) for tid, d in drafts.services.items()}
    claims = {tid: _claims_of(d, owners[tid]) for tid, d in drafts.services.items()}
    opposite = _opposites(drafts, owners)
    for tid, draft in drafts.services.items():
        for fact in draft.facts:
            mine = _statement_claims(fact.text, owners[tid])
            for other, said in claims.items():
                if other == tid:
                    continue
                if any(c not in said and _against(c, d, opposite) for c in mine for d in said):
                    fact.false_for.add(other)


def _own_stems(draft: TopicDraft) -> frozenset[str]:
    return frozenset(stem(w) for name in draft.aliases for w in words(name))


def _statement_claims(text: str, own: frozenset[str]) -> set[Claim]:
    found = set()
    # An aside in parentheses ("(EC2 Instances)") names things; it claims nothing on its own.
    for part in [without_asides(text), *clauses(text, asides=False)]:
        content = frozenset(content_stems(part, own))
        if content:
            found.add((content, is_negative(part)))
    return found


def _claims_of(draft: TopicDraft, own: frozenset[str]) -> set[Claim]:
    return set().union(*(_statement_claims(f.text, own) for f in draft.facts))


def _opposites(drafts: Drafts, owners: dict[str, frozenset[str]]) -> set[tuple[Claim, Claim]]:
    pairs: set[tuple[Claim, Claim]] = set()
    for contrast in drafts.contrasts:
        (a, ta), (b, tb) = contrast.left, contrast.right
        ca = frozenset(content_stems(ta, owners[a]))
        cb = frozenset(content_stems(tb, owners[b]))
        if ca and cb and (ca, is_negative(ta)) != (cb, is_negative(tb)):
            left, right = (ca, is_negative(ta)), (cb, is_negative(tb))
            pairs |= {(left, right), (right, left)}
    return pairs


def _against(mine: Claim, said: Claim, opposite: set[tuple[Claim, Claim]]) -> bool:
    """Whether claim `mine` contradicts claim `said`: same content, other polarity, or a pair the
    notes contrast."""
    if mine[0] == said[0] and mine[1] != said[1]:
        return True
    return (mine, said) in opposite
