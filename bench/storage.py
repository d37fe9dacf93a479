"""Storage benchmark: answers recorded per second with 8 concurrent writers (studybot on SQLite and
PostgreSQL, beside raw sqlite3 inserts with the same pragmas), and leaderboard/stats latency with
1,000,000 recorded answers across 5,000 people."""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

WRITERS = 8
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "4000"))
PEOPLE = 5_000
BIG_ANSWERS = 1_000_000
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2024, 3, 4, 10, tzinfo=UTC)


def _threads(work: Callable[[int], None]) -> float:
    threads = [threading.Thread(target=work, args=(w,)) for w in range(WRITERS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def raw_sqlite(path: Path) -> tuple[float, int]:
    """One INSERT per transaction on raw sqlite3, WAL, synchronous=NORMAL, BEGIN IMMEDIATE."""
    from bot.storage.engine import SQLITE_PRAGMAS

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=15, isolation_level=None, check_same_thread=False)
        for pragma in SQLITE_PRAGMAS:
            conn.execute(pragma)
        return conn

    connect().execute(
        "CREATE TABLE IF NOT EXISTS a (quiz INT, user TEXT, choice INT, UNIQUE (quiz, user))"
    )

    def work(w: int) -> None:
        conn = connect()
        for i in range(w, ANSWERS, WRITERS):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO a VALUES (1, ?, ?) ON CONFLICT DO NOTHING", (f"u{i}", i % 4))
            conn.execute("COMMIT")

    took = _threads(work)
    return ANSWERS / took, connect().execute("SELECT count(*) FROM a").fetchone()[0]


def studybot_answers(url: str) -> tuple[float, int]:
    """StudyBot.press from 8 threads: each answer one transaction through the repository."""
    bot, store = _bot(url)
    quiz = bot.handle(_caller("boss", admin=True), "quiz", NOW)
    values = [c.value for c in quiz.choices]
    lost: list[str] = []

    def work(w: int) -> None:
        for i in range(w, ANSWERS, WRITERS):
            reply = bot.press(_caller(f"u{i}"), values[i % 4], NOW)
            if not reply.text.startswith("Locked in"):
                lost.append(reply.text)

    took = _threads(work)
    recorded = store.results(int(quiz.quiz_id or 0)).answered
    store.close()
    return ANSWERS / took, recorded - len(lost)


def _caller(user: str, admin: bool = False):  # type: ignore[no-untyped-def]
    from bot.core import Caller, ChannelRef, Player

    return Caller(Player("slack", "T1", user, user), ChannelRef("slack", "T1", "C1"), admin)


def _bot(url: str):  # type: ignore[no-untyped-def]
    from bot.core import StudyBot, load_knowledge
    from bot.core.knowledge import default_knowledge_dir
    from bot.storage.engine import make_engine
    from bot.storage.migrate import upgrade
    from bot.storage.repository import SqlQuizStore

    engine = make_engine(url)
    upgrade(engine)
    store = SqlQuizStore(engine)
    return StudyBot(load_knowledge(default_knowledge_dir()), store=store), store


def fill_million(url: str) -> None:
    """200 revealed quizzes × 5,000 people = 1,000,000 answers, with the score tables to match."""
    from sqlalchemy import text

    bot, store = _bot(url)
    day0 = date(2024, 1, 1)
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO channels (platform, workspace, channel_id, post_time, timezone, days, "
                "topics, enabled, quiz_seq) VALUES ('slack','T1','C1','09:00','UTC','0,1,2,3,4','',"
                "true, 200)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO quizzes (channel_pk, platform, workspace, quiz_date, question_id, topic, prompt, "
                "options, correct, explanation, source, opens_at, closes_at, claimed_at, revealed_at, seq) "
                "VALUES (1, 'slack', 'T1', :d, :q, :t, 'p', '[]', 0, 'e', 's', :o, :o, :o, :o, :s)"
            ),
            [
                {
                    "d": day0 + timedelta(days=i),
                    "q": f"q{i}",
                    "t": ("lambda", "ecs", "batch")[i % 3],
                    "o": datetime(2024, 1, 1) + timedelta(days=i),
                    "s": i + 1,
                }
                for i in range(200)
            ],
        )
        conn.execute(
            text(
                "INSERT INTO players (platform, workspace, user_id, name, streak, best_streak, "
                "played, best_played, last_channel, last_seq) VALUES ('slack','T1',:u,:u,:s,:s,:s,:s,1,200)"
            ),
            [{"u": f"p{p}", "s": p % 9} for p in range(PEOPLE)],
        )
    batch = 50_000
    rows = (
        {"q": i // PEOPLE + 1, "u": f"p{i % PEOPLE}", "c": (i * 7919) % 4, "k": (i * 7919) % 4 == 0}
        for i in range(BIG_ANSWERS)
    )
    insert = text(
        "INSERT INTO answers (quiz_id, platform, workspace, user_id, choice, correct, answered_at) "
        "VALUES (:q, 'slack', 'T1', :u, :c, :k, '2024-01-01 10:00:00')"
    )
    chunk: list[dict[str, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            with store.engine.begin() as conn:
                conn.execute(insert, chunk)
            chunk = []
    with store.engine.begin() as conn:
        for period, start in (
            ("all", "'1970-01-01'"),
            ("month", "'2024-03-01'"),
            ("week", "'2024-03-04'"),
        ):
            conn.execute(
                text(
                    f"INSERT INTO scores (platform, workspace, period, start, user_id, points, correct, answered) "
                    f"SELECT 'slack', 'T1', '{period}', {start}, user_id, sum(CASE WHEN correct THEN 10 ELSE 0 END), "
                    f"sum(CASE WHEN correct THEN 1 ELSE 0 END), count(*) FROM answers GROUP BY user_id"
                )
            )
        conn.execute(
            text(
                "INSERT INTO topic_scores (platform, workspace, user_id, topic, correct, answered) "
                "SELECT 'slack', 'T1', a.user_id, q.topic, sum(CASE WHEN a.correct THEN 1 ELSE 0 END), count(*) "
                "FROM answers a JOIN quizzes q ON q.id = a.quiz_id GROUP BY a.user_id, q.topic"
            )
        )
        if store.engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    store.engine.dispose()


def latency(url: str) -> tuple[float, float, int]:
    """Median ms of `leaderboard` and `stats` as chat commands (settling included), and the answers."""
    from sqlalchemy import text

    bot, store = _bot(url)
    with store.engine.begin() as conn:
        total = conn.execute(text("SELECT count(*) FROM answers")).scalar_one()
    when = datetime(2024, 3, 6, 12, tzinfo=UTC)
    board, stats = [], []
    for i in range(30):
        start = time.perf_counter()
        reply = bot.handle(_caller("p1"), "leaderboard all", when)
        board.append(time.perf_counter() - start)
        start = time.perf_counter()
        bot.handle(_caller(f"p{i * 97}"), "stats", when)
        stats.append(time.perf_counter() - start)
    assert len(reply.standings) == 10
    store.engine.dispose()
    return statistics.median(board) * 1000, statistics.median(stats) * 1000, total


def _pg_schema() -> tuple[str, Callable[[], None]] | None:
    try:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except Exception as exc:
        print(f"  PostgreSQL unavailable ({str(exc).splitlines()[0]}); its rows are skipped")
        return None

    def drop() -> None:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    return f"{PG_URL}?options=-csearch_path%3D{schema}", drop


def main() -> None:
    print(f"storage: {ANSWERS} answers by {WRITERS} concurrent writers; 1 transaction per answer")
    print(f"{'backend':<34}{'answers/s':>12}{'recorded':>10}{'lost/doubled':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        rate, rows = raw_sqlite(Path(tmp) / "raw.db")
        print(f"{'raw sqlite3 (same pragmas)':<34}{rate:>12,.0f}{rows:>10}{ANSWERS - rows:>14}")
        raw_rate = rate
        rate, rows = studybot_answers(f"sqlite:///{Path(tmp) / 'bot.db'}")
        print(
            f"{'studybot on SQLite':<34}{rate:>12,.0f}{rows:>10}{ANSWERS - rows:>14}"
            f"   ({rate / raw_rate:.0%} of raw)"
        )
        pg = _pg_schema()
        if pg:
            try:
                rate, rows = studybot_answers(pg[0])
                print(f"{'studybot on PostgreSQL':<34}{rate:>12,.0f}{rows:>10}{ANSWERS - rows:>14}")
            finally:
                pg[1]()
        print()
        print(
            f"leaderboard and stats, {BIG_ANSWERS:,} answers across {PEOPLE:,} people (median of 30)"
        )
        print(f"{'backend':<34}{'leaderboard ms':>16}{'stats ms':>12}{'fill s':>10}")
        backends = [("SQLite", f"sqlite:///{Path(tmp) / 'big.db'}", None)]
        pg = _pg_schema() if "--no-pg-big" not in sys.argv else None
        if pg:
            backends.append(("PostgreSQL", pg[0], pg[1]))
        for name, url, cleanup in backends:
            try:
                start = time.perf_counter()
                fill_million(url)
                filled = time.perf_counter() - start
                board_ms, stats_ms, total = latency(url)
                assert total == BIG_ANSWERS
                print(f"{name:<34}{board_ms:>16.2f}{stats_ms:>12.2f}{filled:>10.0f}")
            finally:
                if cleanup:
                    cleanup()


if __name__ == "__main__":
    main()
