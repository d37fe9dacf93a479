"""`studybot quiz ...`: audit and export the question bank, and list flagged questions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group()
def quiz() -> None:
    """Quiz bank tools: audit, export, flags."""


def _bank(directory: Path | None):
    from bot.cli import load_settings
    from bot.core import KnowledgeError, load_knowledge
    from bot.core.questionbank import build_bank

    dirs = (directory,) if directory else load_settings().knowledge_folders
    try:
        kb = load_knowledge(*dirs)
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from None
    return kb, build_bank(kb)


DIRECTORY = click.argument(
    "directory", required=False, type=click.Path(path_type=Path, file_okay=False)
)


@quiz.command("audit")
@DIRECTORY
def quiz_audit(directory: Path | None) -> None:
    """Check every question and fact (default: the shipped knowledge and KNOWLEDGE_DIR); print
    each failure with the question id and the rule it breaks; exit 1 on any failure."""
    from bot.core.audit import audit

    kb, bank = _bank(directory)
    failures = audit(kb, bank)
    for failure in failures:
        click.echo(str(failure))
    click.echo(
        f"{len(bank.questions)} questions ({bank.hand_written} hand-written, {bank.generated} "
        f"generated), {sum(len(t.facts) for t in kb.topics.values())} facts: "
        f"{len(failures)} failure(s)"
    )
    sys.exit(1 if failures else 0)


@quiz.command("export")
@click.option("--json", "as_json", is_flag=True, required=True, help="A JSON list (required).")
@DIRECTORY
def quiz_export(as_json: bool, directory: Path | None) -> None:
    """Print every question (id, topic, prompt, options, answer, explanation, source, generated)."""
    _kb, bank = _bank(directory)
    rows = [
        {
            "id": q.id,
            "topic": q.topic,
            "prompt": q.prompt,
            "options": list(q.options),
            "answer": q.options[q.correct],
            "explanation": q.explanation,
            "source": q.source,
            "generated": q.generated,
        }
        for q in bank.for_topics(())
    ]
    click.echo(json.dumps(rows, ensure_ascii=False, indent=1))


@quiz.command("flags")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of open flags.")
def quiz_flags(as_json: bool) -> None:
    """List every open flag in DATABASE_URL: which question, who, why, and whether it is withheld."""
    from bot.cli import build_quiz_bot, load_settings
    from bot.core.flags import describe_flags, withheld
    from bot.core.ports import QuestionFlag

    bot = build_quiz_bot(load_settings())
    try:
        flags = bot.store.open_flags(None, None) if bot.store else []
    finally:
        bot.close()
    by_place: dict[tuple[str, str], list[QuestionFlag]] = {}
    for flag in flags:
        by_place.setdefault((flag.player.platform, flag.player.workspace), []).append(flag)
    held = {(*place, q) for place, group in by_place.items() for q in withheld(group)}
    if as_json:
        rows = [
            {
                "question_id": f.question_id,
                "platform": f.player.platform,
                "workspace": f.player.workspace,
                "user": f.player.user_id,
                "admin": f.is_admin,
                "reason": f.reason,
                "flagged_at": f.flagged_at.isoformat(),
                "withheld": (f.player.platform, f.player.workspace, f.question_id) in held,
            }
            for f in flags
        ]
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for (platform, workspace), group in by_place.items():
        click.echo(f"{platform} {workspace}:\n{describe_flags(group)}")
    if not flags:
        click.echo("No question is flagged.")
