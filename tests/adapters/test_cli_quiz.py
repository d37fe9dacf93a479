"""`studybot quiz audit` and `studybot quiz export --json`, through the real command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.knowledge import default_knowledge_dir

STUDYBOT = str(Path(sys.executable).with_name("studybot"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return clean | {"DATABASE_URL": f"sqlite:///{tmp_path}/bot.db", "KNOWLEDGE_DIR": ""}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([STUDYBOT, *args], capture_output=True, text=True, env=env, timeout=60)


def test_audit_passes_on_the_shipped_bank(env: dict[str, str]) -> None:
    out = run(["quiz", "audit"], env)
    assert out.returncode == 0, out.stdout
    assert out.stdout.strip().endswith("0 failure(s)")


def test_audit_prints_the_question_and_rule_and_exits_1(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), folder)
    bad = folder / "questions" / "lightsail.yaml"
    bad.write_text(
        bad.read_text()
        + """
  - id: leaky-lambda
    topic: lambda
    difficulty: easy
    question: "Which service runs Lambda functions?"
    options: ["AWS Lambda", "Amazon EC2", "AWS Batch", "Docker"]
    answer: "AWS Lambda"
    explanation: "AWS Lambda runs functions."
    source: https://example.com/blog
"""
    )
    out = run(["quiz", "audit", str(folder)], env)
    assert out.returncode == 1
    assert "leaky-lambda: answer named in prompt: the prompt names AWS Lambda" in out.stdout
    assert "leaky-lambda: source: https://example.com/blog is not an official" in out.stdout


def test_export_prints_every_question_for_review(env: dict[str, str]) -> None:
    out = run(["quiz", "export", "--json"], env)
    rows = json.loads(out.stdout)
    assert len(rows) > 150 and len({r["id"] for r in rows}) == len(rows)
    keys = {"id", "topic", "prompt", "options", "answer", "explanation", "source", "generated"}
    assert all(set(r) == keys and r["answer"] in r["options"] for r in rows)
    assert any(r["generated"] for r in rows) and any(not r["generated"] for r in rows)
