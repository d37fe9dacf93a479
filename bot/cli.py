"""The `studybot` command line. Heavy imports stay inside the commands so `ask` starts fast."""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bot.core import StudyBot
    from bot.settings import Settings


class StudybotGroup(click.Group):
    """Every command's unexpected failure becomes one line naming the problem and the fix
    (`bot.explain`), exit 1; LOG_LEVEL=DEBUG also prints the traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            raise click.ClickException(one_line(exc)) from None


def one_line(exc: BaseException) -> str:
    """`exc` explained in one line; the traceback goes to stderr first when LOG_LEVEL=DEBUG."""
    from bot.explain import explain

    if (_raw_setting("LOG_LEVEL") or "").strip().upper() == "DEBUG":
        traceback.print_exception(exc, file=sys.stderr)
    return explain(exc, _raw_setting("DATABASE_URL") or "")


def _raw_setting(name: str) -> str | None:
    """A setting as written (environment first, then `.env`), for reporting a failed start."""
    if name in os.environ:
        return os.environ[name]
    from dotenv import dotenv_values

    return dotenv_values(".env").get(name) if os.path.isfile(".env") else None


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and `.env` (command-line `overrides` win, None ones ignored);
    a bad value or an unparsable `.env` line stops with one line naming it."""
    from pydantic import ValidationError

    from bot.settings import Settings, env_file_problems

    problems = env_file_problems()
    if problems:
        raise click.ClickException(f"setting file {problems[0]}; write it as NAME=value")
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "setting"
        message = str(err["msg"]).removeprefix("Value error, ")
        raise click.ClickException(f"setting {name}: {message}") from None


def build_knowledge_bot(settings: Settings) -> StudyBot:
    """The bot with the shipped knowledge plus `KNOWLEDGE_DIR`, no database."""
    from bot.core import StudyBot, load_knowledge

    return StudyBot(load_knowledge(*settings.knowledge_folders))


def build_quiz_bot(settings: Settings) -> StudyBot:
    """The bot with knowledge and database (migrated to head); a failure is one line (`StudybotGroup`)."""
    from bot.bootstrap import build_bot

    return build_bot(settings)


@click.group(cls=StudybotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="studybot")
def main() -> None:
    """studybot: learn AWS compute together, in Slack, Discord or this terminal."""


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@click.argument("question", nargs=-1)
def ask(as_json: bool, question: tuple[str, ...]) -> None:
    """Answer QUESTION; with --json and no question, answer each line of stdin."""
    bot = build_knowledge_bot(load_settings())
    if question:
        answer = bot.ask(" ".join(question))
        click.echo(
            json.dumps(answer.as_json(), ensure_ascii=False) if as_json else answer.reply.text
        )
        return
    if not as_json:
        raise click.UsageError("give a question, or use --json to read questions from stdin")
    for line in sys.stdin:
        answer = bot.ask(line.rstrip("\r\n"))
        sys.stdout.write(json.dumps(answer.as_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()


@main.command()
@click.option("--user", default="you", show_default=True, help="Who is talking.")
@click.option("--channel", default="general", show_default=True, help="Which channel you are in.")
def chat(user: str, channel: str) -> None:
    """Chat with the bot in this terminal (interactive, or one message a line on stdin)."""
    from bot.adapters.terminal import history_path, run_chat

    settings = load_settings()
    bot = build_quiz_bot(settings)
    history = history_path(settings.database_url)
    run_chat(bot, user=user, channel=channel, admins=settings.admin_ids, history=history)


@main.command()
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(["slack", "discord", "terminal"]),
    help="Serve only this platform (repeatable). Default: every one with a token set.",
)
@click.option("--slack-mode", type=click.Choice(["socket", "http"]), help="Overrides SLACK_MODE.")
@click.option("--host", help="Overrides HOST (Slack HTTP mode).")
@click.option("--port", type=int, help="Overrides PORT (Slack HTTP mode).")
def run(
    platforms: tuple[str, ...], slack_mode: str | None, host: str | None, port: int | None
) -> None:
    """Serve every platform with credentials set (the terminal chat when none is) until stopped."""
    from bot.logging_setup import configure_logging
    from bot.runtime import StartError, choose_platforms, run_until_stopped

    settings = load_settings(slack_mode=slack_mode, host=host, port=port)
    try:
        chosen = choose_platforms(settings, platforms)
        configure_logging(settings, interactive=chosen == ["terminal"] and sys.stdin.isatty())
    except (StartError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    sys.exit(run_until_stopped(settings, chosen))


@main.command()
@click.option(
    "--quick", is_flag=True, help="Skip the calls to Slack and Discord (the HEALTHCHECK)."
)
def doctor(quick: bool) -> None:
    """Check settings, database, migrations, knowledge and tokens; print the fix for each problem."""
    from bot.doctor import diagnose, invalid_setting, report

    try:
        settings = load_settings()
    except click.ClickException as exc:
        name, _, message = exc.message.removeprefix("setting ").partition(": ")
        sys.exit(report([invalid_setting(name, message)], click.echo))
    sys.exit(report(diagnose(settings, quick=quick), click.echo))


@main.group()
def kb() -> None:
    """Knowledge base tools."""


@kb.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
def kb_check(directory: Path | None) -> None:
    """Validate DIRECTORY (default: the shipped knowledge) and print a summary."""
    from bot.core import KnowledgeError, load_knowledge
    from bot.core.knowledge import default_knowledge_dir

    folder = directory or default_knowledge_dir()
    try:
        kb_ = load_knowledge(folder)
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from None
    services = [t for t in kb_.topics.values() if t.kind == "service"]
    comparisons = [t for t in kb_.topics.values() if t.kind == "comparison"]
    facts = sum(len(t.facts) for t in kb_.topics.values())
    click.echo(f"{folder}: OK")
    click.echo(f"  files: {len(kb_.files)}")
    click.echo(
        f"  topics: {len(kb_.topics)} ({len(services)} services, {len(comparisons)} comparisons)"
    )
    click.echo(f"  facts: {facts}; sources: {len(kb_.sources())}")
    from bot.core.questionbank import build_bank

    bank = build_bank(kb_)
    click.echo(
        f"  question bank: {len(bank.questions)} ({bank.hand_written} hand-written, "
        f"{bank.generated} generated from facts)"
    )


def _register_import() -> None:
    from bot.notes.command import kb_import

    kb.add_command(kb_import)


_register_import()

PERIOD = click.Choice(["week", "month", "all"])


@main.command()
@click.option("--period", type=PERIOD, default="week", show_default=True)
@click.option(
    "--json", "as_json", is_flag=True, help="A JSON list of {user, points, correct, ...}."
)
@click.option("--platform", default="terminal", show_default=True)
@click.option(
    "--workspace", default="local", show_default=True, help="Slack team or Discord guild id."
)
def leaderboard(period: str, as_json: bool, platform: str, workspace: str) -> None:
    """Print a workspace's leaderboard (default: the terminal chat's)."""
    from datetime import UTC, datetime

    from bot.core.standings import leaderboard_reply

    bot = build_quiz_bot(load_settings())
    rows = bot.standings(platform, workspace, period, datetime.now(UTC))  # type: ignore[arg-type]
    if as_json:
        keys = ("user", "points", "correct", "answered", "streak", "rank")
        click.echo(json.dumps([{k: getattr(r, k) for k in keys} for r in rows], ensure_ascii=False))
        return
    click.echo(leaderboard_reply(rows, period).text)  # type: ignore[arg-type]


@main.command()
@click.option("--user", required=True, help="The user id (the name given to `chat --user`).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.option("--platform", default="terminal", show_default=True)
@click.option("--workspace", default="local", show_default=True)
def stats(user: str, as_json: bool, platform: str, workspace: str) -> None:
    """Print one person's points, rank, streaks and accuracy by topic."""
    from datetime import UTC, datetime

    from bot.core import Player
    from bot.core.standings import stats_json, stats_reply

    player = Player(platform, workspace, user, user)
    found = build_quiz_bot(load_settings()).player_stats(player, datetime.now(UTC))
    if as_json:
        click.echo(json.dumps(stats_json(player, found), ensure_ascii=False))
    else:
        click.echo(stats_reply(player, found).text)


@main.group()
def db() -> None:
    """Database tools."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply the migrations to DATABASE_URL (the bot also does this at start)."""
    from bot.storage.engine import make_engine
    from bot.storage.migrate import current_revision, upgrade

    engine = make_engine(load_settings().database_url)
    upgrade(engine)
    click.echo(f"database at revision {current_revision(engine)}")


@db.command("backup")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
def db_backup(path: Path) -> None:
    """Copy the SQLite database to PATH with the online backup API (safe while the bot runs)."""
    from bot.storage.backup import BackupError, backup_sqlite

    try:
        pages = backup_sqlite(load_settings().database_url, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {pages} pages to {path}")


from bot.quiz_cli import quiz  # noqa: E402  (the `quiz` group lives in its own module)

main.add_command(quiz)
