"""`studybot kb import` and `KNOWLEDGE_DIRS` through the real commands: files, refusals, the bot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STUDYBOT = str(Path(sys.executable).with_name("studybot"))
NOTES = Path(__file__).parents[1] / "data" / "storage-notes.md"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return clean | {
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "KNOWLEDGE_DIR": "",
        "KNOWLEDGE_DIRS": "",
    }


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STUDYBOT, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_import_check_and_refuse_to_overwrite(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "kb"
    done = run(["kb", "import", str(NOTES), "--out", str(out)], env)
    assert done.returncode == 0, done.stderr
    assert "topics: 4 (3 services, 1 comparisons)" in done.stdout
    assert "Glossary: a heading with nothing under it" in done.stdout
    assert sorted(p.name for p in (out / "topics").iterdir()) == [
        "ebs-vs-efs.yaml",
        "ebs.yaml",
        "efs.yaml",
        "s3.yaml",
    ]
    check = run(["kb", "check", str(out)], env)
    assert check.returncode == 0 and "topics: 4" in check.stdout
    audit = run(["quiz", "audit", str(out)], env)  # every generated question holds by the notes
    assert audit.returncode == 0 and " 0 failure(s)" in audit.stdout, audit.stdout
    edited = out / "topics" / "s3.yaml"
    edited.write_text(edited.read_text() + "# my edit\n")
    again = run(["kb", "import", str(NOTES), "--out", str(out)], env)
    assert again.returncode == 1 and "--force" in again.stderr
    assert edited.read_text().endswith("# my edit\n")
    forced = run(["kb", "import", str(NOTES), "--out", str(out), "--force"], env)
    assert forced.returncode == 0 and "# my edit" not in edited.read_text()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"no heading here\n\n- just a bullet\n", "no headings"),
        (b"## Big\n" + b"- a fact that repeats\n" * 500_000, "too large"),
    ],
    ids=["empty", "binary", "no-headings", "10MB"],
)
def test_bad_notes_get_one_line_and_write_nothing(
    tmp_path: Path, env: dict[str, str], content: bytes, says: str
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes(content)
    out = tmp_path / "kb"
    done = run(["kb", "import", str(notes), "--out", str(out)], env)
    assert done.returncode == 1
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_knowledge_dirs_replaces_the_shipped_knowledge(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "kb"
    assert run(["kb", "import", str(NOTES), "--out", str(out)], env).returncode == 0
    alone = env | {"KNOWLEDGE_DIRS": str(out)}
    rows = run(["ask", "--json"], alone, "what is efs\nwhat is fargate\n").stdout.splitlines()
    efs, fargate = (json.loads(r) for r in rows)
    assert efs["topic"] == "efs" and not fargate["matched"]
    added = env | {"KNOWLEDGE_DIR": str(out)}
    rows = run(["ask", "--json"], added, "what is efs\nwhat is fargate\n").stdout.splitlines()
    assert [json.loads(r)["topic"] for r in rows] == ["efs", "fargate"]


def test_daily_quiz_and_practice_on_imported_notes(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "kb"
    assert run(["kb", "import", str(NOTES), "--out", str(out)], env).returncode == 0
    alone = env | {"KNOWLEDGE_DIRS": str(out)}
    script = "quiz\nanswer A\nquiz reveal\nquiz practice\nanswer B\n"
    done = run(["chat", "--user", "alice"], alone, script)
    assert done.returncode == 0, done.stderr
    quiz, locked, reveal, practice, graded = done.stdout.strip().split("\n\n")[:5]
    assert "D) " in quiz and any(n in quiz for n in ("S3", "EBS", "EFS", "Elastic"))
    assert locked.startswith("Locked in: A)")
    assert "Answer: " in reveal
    assert "D) " in practice
    assert "Fargate" not in done.stdout and "Lambda" not in done.stdout
