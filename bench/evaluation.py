"""Judging lookup answers the way `../shared/eval/README.md` says: title, must-phrases, declines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

SERVICES = ["Docker", "ECS", "Fargate", "ECR", "Lambda", "API Gateway", "Batch", "Lightsail"]
SCENARIO_SERVICES = [*SERVICES, "EC2"]
_ALIASES = {
    "ECS": ["ecs", "elastic container service"],
    "ECR": ["ecr", "elastic container registry"],
    "API Gateway": ["api gateway", "apigateway", "api-gateway", "api_gateway"],
}


@dataclass(frozen=True)
class Case:
    question: str
    expect: str | list[str] | None
    kind: str
    must: list[list[str]]


def load_cases(path: Path) -> list[Case]:
    """Lookup rows keep their `kind`; scenario rows are judged as kind "scenario" (their style
    is kept in `must` as nothing: a scenario has no must-phrases)."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [
        Case(r["question"], r["expect"], r.get("kind", "scenario"), r.get("must", [])) for r in rows
    ]


def default_dev_set(name: str = "lookup-dev.jsonl") -> Path:
    """`../shared/eval/<name>` beside the repository (or beside a folder of worktrees)."""
    here = Path(__file__).resolve().parents[1]
    for folder in here.parents:
        candidate = folder / "shared" / "eval" / name
        if candidate.exists():
            return candidate
    return here.parent / "shared" / "eval" / name


def _mentions(text: str, service: str) -> bool:
    names = _ALIASES.get(service, [service.lower()])
    low = text.lower()
    return any(re.search(r"(?<![a-z])" + re.escape(a) + r"(?![a-z])", low) for a in names)


def _named(text: str) -> set[str]:
    low = text.lower()
    return {
        s
        for s in SCENARIO_SERVICES
        for a in _ALIASES.get(s, [s.lower()])
        if re.search(r"(?<![a-z0-9])" + re.escape(a) + r"(?![a-z0-9])", low)
    }


def judge_scenario(case: Case, result: dict) -> bool:
    """A scenario's answer title names the expected service and no other in-scope one; for an
    out-of-scope need the answer names none of them in its title (a decline has no title)."""
    title = (result.get("title") or "") if result.get("matched") else ""
    if case.expect is None:
        return not _named(title)
    return _named(title) == {case.expect}


def judge(case: Case, result: dict) -> bool:
    """True when `result` (the `ask --json` object) is a right answer to `case`."""
    if case.kind == "scenario":
        return judge_scenario(case, result)
    if case.expect is None:
        return not result.get("matched")
    if not result.get("matched"):
        return False
    title = f"{result.get('title') or ''} {result.get('topic') or ''}"
    answer = result.get("answer") or ""
    if isinstance(case.expect, list):
        good = all(_mentions(f"{title} {answer}", s) for s in case.expect)
    else:
        others = [s for s in SERVICES if s not in (case.expect, "Docker") and _mentions(title, s)]
        good = _mentions(title, case.expect) and not others
    scope = answer.lower()[:400] if case.kind == "attribute" else answer.lower()
    return good and all(any(alt.lower() in scope for alt in group) for group in case.must)
