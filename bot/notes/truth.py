"""What the notes say is false of a topic, so the quiz can use it as a wrong answer.

A statement is a conjunction of claims ("High availability but no auto scaling" claims two things);
it is false of a topic when one of its claims is the opposite of a claim the notes make about that
topic. Two claims are opposites when the notes set them against each other in a comparison row
("Time limit" / "No time limit", "Serverless" / "Relies on EC2"), or when they say the same thing
with opposite polarity ("Must provision the instances" / "Don't need to provision the instances").
Nothing else is assumed false: a topic the notes say nothing about is never a wrong answer.
"""

from __future__ import annotations

from collections import defaultdict

from bot.core.text import stem, words
from bot.notes.drafts import Drafts, TopicDraft
from bot.notes.signals import clauses, content_stems, is_negative, without_asides

Claim = tuple[frozenset[str], bool]
"""A claim: its content words (stems) and whether it is negated."""


def mark_false(drafts: Drafts) -> None:
    """Fill each fact's `false_for` with the topics the notes contradict it for."""
    owners = {tid: _own_stems(d) for tid, d in drafts.services.items()}
    said_by: dict[Claim, set[str]] = defaultdict(set)
    for tid, draft in drafts.services.items():
        for fact in draft.facts:
            for claim in _statement_claims(fact.text, owners[tid]):
                said_by[claim].add(tid)
    opposites = _opposites(drafts, owners)
    for tid, draft in drafts.services.items():
        for fact in draft.facts:
            for claim in _statement_claims(fact.text, owners[tid]):
                against = set(said_by.get((claim[0], not claim[1]), ()))
                for other in opposites.get(claim, ()):
                    against |= said_by.get(other, set())
                fact.false_for |= against - said_by[claim] - {tid}


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


def _opposites(drafts: Drafts, owners: dict[str, frozenset[str]]) -> dict[Claim, set[Claim]]:
    """The claims each claim is set against in a comparison row, both ways round."""
    pairs: dict[Claim, set[Claim]] = defaultdict(set)
    for contrast in drafts.contrasts:
        (a, ta), (b, tb) = contrast.left, contrast.right
        left = (frozenset(content_stems(ta, owners[a])), is_negative(ta))
        right = (frozenset(content_stems(tb, owners[b])), is_negative(tb))
        if left[0] and right[0] and left != right:
            pairs[left].add(right)
            pairs[right].add(left)
    return pairs
