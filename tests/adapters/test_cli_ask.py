"""The `studybot ask` and `studybot kb check` contract, through the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Contract = Callable[[dict], None]

STUDYBOT = str(Path(sys.executable).with_name("studybot"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return clean | {"DATABASE_URL": f"sqlite:///{tmp_path}/bot.db", "KNOWLEDGE_DIR": ""}


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STUDYBOT, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_ask_prints_the_chat_reply(env: dict[str, str]) -> None:
    out = run(["ask", "what", "is", "fargate"], env)
    assert out.returncode == 0
    assert out.stdout.startswith("AWS Fargate\n") and "serverless" in out.stdout


def test_ask_json_one_question(env: dict[str, str], answer_contract: Contract) -> None:
    out = run(["ask", "--json", "lambda time limit?"], env)
    obj = json.loads(out.stdout)
    answer_contract(obj)
    assert obj["matched"] and obj["topic"] == "lambda" and "15 minutes" in obj["answer"][:400]


def test_ask_json_declines_plainly(env: dict[str, str], answer_contract: Contract) -> None:
    obj = json.loads(run(["ask", "--json", "what is the weather"], env).stdout)
    answer_contract(obj)
    assert not obj["matched"] and obj["answer"].startswith("I don't know") and obj["suggestions"]


def test_ask_json_reads_stdin_in_order(env: dict[str, str], answer_contract: Contract) -> None:
    questions = ["what is ecs", "", "lamda", "ecs vs fargate", "what is the weather"]
    out = run(["ask", "--json"], env, "\n".join(questions) + "\n")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions
    for row in rows:
        answer_contract(row)
    assert [r["matched"] for r in rows] == [True, False, True, True, False]


def test_ask_json_flushes_each_line(env: dict[str, str]) -> None:
    """A caller can hold the pipe open and read each answer before sending the next question."""
    proc = subprocess.Popen(
        [STUDYBOT, "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin and proc.stdout
    for question, topic in [("what is batch", "batch"), ("fargte", "fargate")]:
        proc.stdin.write(question + "\n")
        proc.stdin.flush()
        assert json.loads(proc.stdout.readline())["topic"] == topic
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0


def test_ask_without_question_or_json_is_a_usage_error(env: dict[str, str]) -> None:
    out = run(["ask"], env)
    assert out.returncode == 2 and "question" in out.stderr


def test_kb_check_summarises_the_shipped_knowledge(env: dict[str, str]) -> None:
    out = run(["kb", "check"], env)
    assert out.returncode == 0, out.stderr
    assert "topics:" in out.stdout and "facts:" in out.stdout and "question bank:" in out.stdout


def test_kb_check_names_file_entry_and_field(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "kb"
    bad.mkdir()
    (bad / "x.yaml").write_text(
        "topics:\n- id: thing\n  kind: service\n  title: Thing\n  aliases: [thing]\n"
        "  summary: A thing.\n  facts:\n  - {id: f1, text: yes, tags: [overview], source: 'https://x.io'}\n"
    )
    out = run(["kb", "check", str(bad)], env)
    assert out.returncode == 1
    assert "x.yaml" in out.stderr and "'thing'" in out.stderr and "facts.0.text" in out.stderr


def test_extra_knowledge_dir_adds_topics(env: dict[str, str], tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "eks.yaml").write_text(
        "topics:\n- id: eks\n  kind: service\n  title: Amazon EKS\n  aliases: [eks, elastic kubernetes service]\n"
        "  summary: Amazon EKS runs Kubernetes on AWS.\n  facts:\n"
        "  - {id: eks-what, text: Amazon EKS is managed Kubernetes., tags: [overview],"
        " source: 'https://docs.aws.amazon.com/eks/latest/userguide/what-is-eks.html'}\n"
    )
    obj = json.loads(
        run(["ask", "--json", "what is eks"], env | {"KNOWLEDGE_DIR": str(extra)}).stdout
    )
    assert obj["topic"] == "eks"


def test_a_malformed_setting_stops_with_one_line(env: dict[str, str]) -> None:
    out = run(["ask", "what is ecs"], env | {"PORT": "abc"})
    assert out.returncode == 1
    assert "PORT" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_ask_imports_no_database_or_platform_code(env: dict[str, str]) -> None:
    """`ask` starts fast because it loads only the knowledge base and the matcher."""
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        "main(['ask', 'what is fargate'], standalone_mode=False)\n"
        "heavy = ('sqlalchemy', 'alembic', 'fsrs', 'discord', 'slack_bolt', 'aiohttp', 'psycopg')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
