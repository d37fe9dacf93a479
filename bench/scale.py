"""Scale benchmark: a 10,000-topic knowledge base, indexed by this checkout's code and by a baseline
commit's, each in a fresh process so resident memory is its own.

`python -m bench.scale` prints both side by side; `STUDYBOT_BASELINE=<git ref>` picks the baseline
(default: the commit before the lean index), `STUDYBOT_BASELINE=none` skips it. One process measures
with `python -m bench.scale --measure SIZE` and prints its figures as JSON."""

from __future__ import annotations

import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = "fc951d7"
"""main before the lean index (issue 13): +893 MiB and 16.6 s at 10,000 topics when filed."""
SIZE = 10_000
ROOT = Path(__file__).resolve().parents[1]


def measure(size: int) -> dict[str, float | str]:
    """Generate `size` topics, index them, ask the dev questions: time, memory, latency."""
    from bench.evaluation import default_dev_set, load_cases
    from bench.lookup import percentile, synthetic_kb, timed
    from bot.core import Matcher, StudyBot, load_knowledge
    from bot.core.knowledge import default_knowledge_dir

    kb = load_knowledge(default_knowledge_dir())
    dev = Path(os.environ.get("LOOKUP_DEV_SET", default_dev_set()))
    questions = [c.question for c in load_cases(dev)]
    gc.collect()
    before = _rss_bytes()
    big = synthetic_kb(kb, size, random.Random(7))
    gc.collect()
    generated = _rss_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    matcher = Matcher(big)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.collect()
    indexed = _rss_bytes()
    bot = StudyBot(big, matcher)
    cold = timed(lambda q: bot.ask(q).as_json(), questions, rounds=1, warm=False)
    warm = timed(lambda q: bot.ask(q).as_json(), questions, rounds=5)
    return {
        "code": str(Path(sys.modules["bot"].__file__ or "").parent),
        "topics": len(big.topics),
        "knowledge_mib": (generated - before) / 2**20,
        "index_mib": (indexed - generated) / 2**20,
        "index_s": wall,
        "index_cpu_s": cpu,
        "p50_ms": percentile(warm, 50),
        "p99_ms": percentile(warm, 99),
        "cold_p99_ms": percentile(cold, 99),
    }


def _rss_bytes() -> int:
    """This process's resident memory, from /proc (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def run(source: Path, size: int) -> dict[str, float]:
    """One measurement in a new Python process that imports `bot` from `source`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source), str(ROOT)])}
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--measure", str(size)],
        env=env,
        cwd=source,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def baseline(ref: str, size: int) -> dict[str, float] | None:
    """The same measurement with `bot/` and `knowledge/` as they were at `ref`."""
    with tempfile.TemporaryDirectory(prefix="studybot-baseline-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "bot", "knowledge"],
            capture_output=True,
        )
        if archive.returncode != 0:
            print(f"(no baseline: git archive {ref} failed: {archive.stderr.decode().strip()})")
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        return run(Path(tmp), size)


ROWS = [
    ("resident memory, knowledge", "knowledge_mib", "{:.0f} MiB"),
    ("resident memory, index", "index_mib", "{:.0f} MiB"),
    ("time to index (wall)", "index_s", "{:.1f} s"),
    ("time to index (CPU)", "index_cpu_s", "{:.1f} s"),
    ("ask p50 (warm)", "p50_ms", "{:.3f} ms"),
    ("ask p99 (warm)", "p99_ms", "{:.3f} ms"),
    ("ask p99 (first ask)", "cold_p99_ms", "{:.3f} ms"),
]


def main(size: int = SIZE) -> None:
    ref = os.environ.get("STUDYBOT_BASELINE", BASELINE)
    now = run(ROOT, size)
    before = baseline(ref, size) if ref != "none" else None
    print(f"\nScale: {now['topics']:.0f} topics, each in its own process (bot from {now['code']})")
    print(f"{'':28}{'this checkout':>16}" + (f"{'baseline ' + ref:>20}" if before else ""))
    if before:
        print(f"{'(bot imported from)':28}{now['code'][-16:]:>16}{before['code'][-20:]:>20}")
    for label, key, fmt in ROWS:
        line = f"{label:28}{fmt.format(now[key]):>16}"
        print(line + (f"{fmt.format(before[key]):>20}" if before else ""))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else SIZE)
