"""The `studybot kb import` command: notes in, draft knowledge files and a summary out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bot.notes.importer import Imported


@click.command("import")
@click.argument("notes", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the knowledge files (default: ./knowledge-<notes name>).",
)
@click.option("--force", is_flag=True, help="Replace files the import would overwrite.")
def kb_import(notes: Path, out: Path | None, force: bool) -> None:
    """Turn markdown NOTES into draft knowledge files: a topic per heading, a fact per bullet."""
    from bot.notes.importer import (
        NotesError,
        check_written,
        import_notes,
        out_dir_for,
        read_notes,
        write_topics,
    )

    folder = out or out_dir_for(notes)
    try:
        imported = import_notes(read_notes(notes), notes.name)
        written = write_topics(imported, folder, notes.name, force)
        check_written(folder)
    except NotesError as exc:
        raise click.ClickException(str(exc)) from None
    for line in summary(imported, notes, folder, len(written)):
        click.echo(line)


def summary(imported: Imported, notes: Path, folder: Path, files: int) -> list[str]:
    """What was imported and what could not be placed, then how to use it."""
    services = [t for t in imported.topics if t.kind == "service"]
    comparisons = [t for t in imported.topics if t.kind == "comparison"]
    contrasted = sum(1 for t in services for f in t.facts if f.false_for)
    lines = [
        f"Imported {notes.name} into {folder}: {files} files",
        f"  topics: {len(imported.topics)} ({len(services)} services, {len(comparisons)} comparisons)",
        f"    services: {_names(services)}",
    ]
    if comparisons:
        lines.append(f"    comparisons: {_names(comparisons)}")
    lines.append(
        f"  facts: {imported.facts} ({contrasted} that the notes contradict for another topic)"
    )
    lines.append(f"  quiz questions: {_quiz_count(imported)} can be generated from these facts")
    if imported.unplaced:
        lines.append(f"  could not place ({len(imported.unplaced)}):")
        lines += [f"    - {_clip(u)}" for u in imported.unplaced[:20]]
        if len(imported.unplaced) > 20:
            lines.append(f"    ... and {len(imported.unplaced) - 20} more")
    else:
        lines.append("  could not place: nothing")
    lines += [
        f"Check: studybot kb check {folder}",
        f"Run on these notes alone: KNOWLEDGE_DIRS={folder} studybot chat",
    ]
    return lines


def _names(topics: list, shown: int = 12) -> str:
    names = ", ".join(t.title for t in topics[:shown])
    return f"{names} and {len(topics) - shown} more" if len(topics) > shown else names


def _clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quiz_count(imported: Imported) -> int:
    from bot.core import KnowledgeBase
    from bot.core.questionbank import build_bank

    return build_bank(KnowledgeBase(topics={t.id: t for t in imported.topics})).generated
