"""Terms inside a service ("cold start", "task definition") and spotting them in a question."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.knowledge import Concept
from bot.core.names import Mention, NameIndex

# Words that ask for a definition or a distinction between two terms.
DEFINE_CUES = frozenset(
    "what what's whats define meaning mean means explain difference differences "
    "vs versus between".split()
)


class ConceptIndex:
    """Concept names, matched exactly (or by stems), longest first."""

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self._by_id = {c.id: c for c in concepts}
        self._names = NameIndex.exact((c.id, c.names) for c in concepts)

    def find(
        self,
        tokens: list[str],
        stems: list[str],
        topics: set[str],
        taken: set[int],
        distinctive: Callable[[str], bool],
    ) -> list[Concept]:
        """The concepts a question names, in order. A one-word name that other topics use too
        ("task", "layers") counts only when its service is named, or another of its concepts is,
        so "which service" is no question about ECS services; "dockerfile" counts alone."""
        found: list[tuple[Mention, Concept]] = []
        for m in self._names.find(tokens, stems):
            if not set(range(m.start, m.end)) <= taken:
                found.append((m, self._by_id[m.topic_id]))
        anchored = topics | {c.topic for m, c in found if m.end - m.start > 1}
        kept = [
            c
            for m, c in found
            if m.end - m.start > 1 or c.topic in anchored or distinctive(stems[m.start])
        ]
        return list({c.id: c for c in kept}.values())
