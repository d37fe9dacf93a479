"""Lookup benchmark: dev-set quality and latency against two baselines, scale, and cold start."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz

from bench import scale
from bench.evaluation import Case, default_dev_set, judge, load_cases
from bot.core import KnowledgeBase, Match, StudyBot, load_knowledge
from bot.core.answers import compose
from bot.core.knowledge import Fact, Topic, default_knowledge_dir
from bot.core.text import stem, words

Lookup = Callable[[str], dict]
ROUNDS = 20


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def timed(
    lookup: Lookup, questions: list[str], rounds: int = ROUNDS, warm: bool = True
) -> list[float]:
    """Per-question latencies in milliseconds over `rounds` passes (after one warm-up pass, unless
    `warm` is false: then the first time each question is asked counts)."""
    for q in questions if warm else ():
        lookup(q)
    samples = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter_ns()
            lookup(q)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def accuracy_by_kind(lookup: Lookup, cases: list[Case]) -> dict[str, tuple[int, int]]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        good = judge(case, lookup(case.question))
        for kind in (case.kind, "all"):
            tally[kind][0] += good
            tally[kind][1] += 1
    return {k: (v[0], v[1]) for k, v in tally.items()}


def _overview(kb: KnowledgeBase, question: str, topic_id: str | None, score: float) -> dict:
    """A baseline's pick rendered the way studybot renders an overview of that topic."""
    topic = kb.topics[topic_id] if topic_id else None
    match = Match(question, "overview" if topic else "unknown", topic, score)
    if topic is not None and topic.kind == "comparison":
        match = Match(question, "compare", topic, score)
    return compose(match, kb).as_json()


def wratio_baseline(kb: KnowledgeBase) -> Callable[[float], Lookup]:
    titles = {t.title: t.id for t in kb.topics.values()}

    def make(threshold: float) -> Lookup:
        def lookup(question: str) -> dict:
            best = max(titles, key=lambda t: fuzz.WRatio(question, t))
            score = fuzz.WRatio(question, best)
            return _overview(
                kb, question, titles[best] if score >= threshold else None, score / 100
            )

        return lookup

    return make


def bm25_baseline(kb: KnowledgeBase) -> Callable[[float], Lookup]:
    ids = list(kb.topics)
    docs = [_tokens(_topic_text(kb.topics[i])) for i in ids]
    index = BM25Okapi(docs)

    def make(threshold: float) -> Lookup:
        def lookup(question: str) -> dict:
            scores = index.get_scores(_tokens(question))
            best = max(range(len(ids)), key=lambda i: scores[i])
            chosen = ids[best] if scores[best] >= threshold else None
            return _overview(kb, question, chosen, min(1.0, scores[best] / 20))

        return lookup

    return make


def _topic_text(topic: Topic) -> str:
    parts = [topic.title, *topic.aliases, *topic.keywords, topic.summary]
    parts += [f.text for f in topic.facts] + [
        v for d in topic.dimensions for v in d.values.values()
    ]
    return " ".join(parts)


def _tokens(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def best_threshold(make: Callable[[float], Lookup], grid: list[float], cases: list[Case]) -> float:
    return max(grid, key=lambda t: (accuracy_by_kind(make(t), cases)["all"][0], -t))


def synthetic_kb(real: KnowledgeBase, size: int, rng: random.Random) -> KnowledgeBase:
    """`size` topics: the real ones plus generated services built from the real vocabulary."""
    vocab = sorted({w for t in real.topics.values() for w in words(_topic_text(t)) if len(w) > 3})
    topics = dict(real.topics)
    for n in range(size - len(topics)):
        name = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))
        facts = [
            Fact(
                id=f"f{k}",
                text=" ".join(rng.choices(vocab, k=24)),
                tags=["concepts"],
                keywords=[" ".join(rng.choices(vocab, k=3)) for _ in range(3)],
                source="https://example.com/doc",
            )
            for k in range(15)
        ]
        topic = Topic(
            id=f"gen-{n}",
            kind="service",
            title=f"Amazon {name.title()}",
            aliases=[name, f"aws {name}", f"{name} service {n}"],
            keywords=[" ".join(rng.choices(vocab, k=3)) for _ in range(15)],
            summary=" ".join(rng.choices(vocab, k=30)),
            facts=facts,
        )
        topics[topic.id] = topic
    return KnowledgeBase(topics=topics)


def cold_start_seconds(runs: int = 5) -> float:
    """Median wall time of `studybot ask "what is fargate"` in a new process."""
    exe = Path(sys.executable).with_name("studybot")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), "ask", "what is fargate"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    cases = load_cases(Path(os.environ.get("LOOKUP_DEV_SET", default_dev_set())))
    kb = load_knowledge(default_knowledge_dir())
    questions = [c.question for c in cases]
    studybot = StudyBot(kb)
    wr = wratio_baseline(kb)
    bm = bm25_baseline(kb)
    wr_t = best_threshold(wr, [float(x) for x in range(0, 101, 5)], cases)
    bm_t = best_threshold(bm, [x / 2 for x in range(0, 41)], cases)
    systems: dict[str, Lookup] = {
        "studybot": lambda q: studybot.ask(q).as_json(),
        f"WRatio titles (t={wr_t:g})": wr(wr_t),
        f"BM25 text (t={bm_t:g})": bm(bm_t),
    }
    print(
        f"Lookup on {len(cases)} dev questions ({default_dev_set().name}), {len(kb.topics)} topics"
    )
    kinds = ["direct", "typo", "alias", "describe", "attribute", "compare", "oos", "all"]
    print(f"{'system':28}" + "".join(f"{k:>10}" for k in kinds) + f"{'p50 ms':>9}{'p99 ms':>9}")
    for name, lookup in systems.items():
        acc = accuracy_by_kind(lookup, cases)
        lat = timed(lookup, questions)
        cells = "".join(f"{acc[k][0]:>5}/{acc[k][1]:<4}" for k in kinds if k in acc)
        print(f"{name:28}{cells}{percentile(lat, 50):9.3f}{percentile(lat, 99):9.3f}")
    scale.main()
    print(
        f'\nCold start: `studybot ask "what is fargate"` median of 5: {cold_start_seconds():.3f} s'
    )


if __name__ == "__main__":
    main()
