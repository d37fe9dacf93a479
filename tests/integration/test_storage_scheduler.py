"""The daily loop driven by a fake clock: time zones, a DST change, catch-up, crashes, two replicas."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import Caller, ChannelRef, Player, Reply, StudyBot
from bot.scheduler import QuizScheduler
from bot.storage.engine import make_engine
from bot.storage.repository import SqlQuizStore


class FakePublisher:
    """Records what the scheduler posts and edits; can be told to fail the next posts."""

    def __init__(self, fail: int = 0) -> None:
        self.posts: list[tuple[ChannelRef, Reply, datetime | None]] = []
        self.edits: list[tuple[ChannelRef, str, Reply]] = []
        self.fail = fail
        self.now: datetime | None = None

    async def post(self, channel: ChannelRef, reply: Reply) -> str:
        if self.fail:
            self.fail -= 1
            raise ConnectionError("platform down")
        self.posts.append((channel, reply, self.now))
        return f"msg-{len(self.posts)}"

    async def edit(self, channel: ChannelRef, message_ref: str, reply: Reply) -> None:
        self.edits.append((channel, message_ref, reply))


def configure(bot: StudyBot, channel: str, *settings: str, platform: str = "slack") -> ChannelRef:
    ref = ChannelRef(platform, "T1", channel)
    admin = Caller(Player(platform, "T1", "boss"), ref, is_admin=True)
    for setting in settings:
        assert (
            bot.handle(admin, f"config {setting}", datetime(2024, 1, 1, tzinfo=UTC)).kind
            == "config"
        )
    return ref


async def drive(
    sched: QuizScheduler, pub: FakePublisher, start: datetime, end: datetime, step: timedelta
):
    now = start
    while now < end:
        pub.now = now
        await sched.tick(now)
        now += step


async def test_posts_at_local_time_across_a_dst_change(bot: StudyBot) -> None:
    configure(bot, "berlin", "time 09:00", "timezone Europe/Berlin", "days mon-sun", "window 8h")
    configure(bot, "ny", "time 09:00", "timezone America/New_York", "days mon-fri")
    pub = FakePublisher()
    sched = QuizScheduler(bot, {"slack": pub}, clock=lambda: datetime.now(UTC))
    # Europe switches to summer time on Sunday 2024-03-31; New York did on 2024-03-10.
    await drive(
        sched,
        pub,
        datetime(2024, 3, 28, tzinfo=UTC),
        datetime(2024, 4, 3, tzinfo=UTC),
        timedelta(minutes=5),
    )
    berlin = [at for ch, _, at in pub.posts if ch.channel_id == "berlin"]
    assert [(at.day, at.hour, at.minute) for at in berlin if at] == [
        (28, 8, 0),
        (29, 8, 0),
        (30, 8, 0),
        (31, 7, 0),
        (1, 7, 0),
        (2, 7, 0),
    ]
    ny = [at for ch, _, at in pub.posts if ch.channel_id == "ny"]
    # The clock starts at 20:00 on Wed 27th in New York: that day's post is caught up at once.
    assert [(at.day, at.hour) for at in ny if at] == [(28, 0), (28, 13), (29, 13), (1, 13), (2, 13)]
    # Every Berlin quiz closed after 8 h and its message was edited into the reveal.
    edited = Counter(ch.channel_id for ch, _, _ in pub.edits)
    assert edited["berlin"] == 6 and all(
        r.kind == "reveal" and r.extra["message_ref"] for _, _, r in pub.edits
    )


async def test_a_missed_post_is_made_on_start_within_its_window_only(bot: StudyBot) -> None:
    configure(bot, "c", "time 09:00", "window 2h", "days mon-fri")
    pub = FakePublisher()
    sched = QuizScheduler(bot, {"slack": pub}, clock=lambda: datetime.now(UTC))
    await sched.tick(datetime(2024, 3, 4, 10, 30, tzinfo=UTC))  # Monday, down since 08:00
    await sched.tick(datetime(2024, 3, 5, 11, 30, tzinfo=UTC))  # Tuesday, window already over
    await sched.tick(datetime(2024, 3, 5, 11, 45, tzinfo=UTC))
    assert len(pub.posts) == 1 and pub.posts[0][1].text.startswith("Quiz of Mon 2024-03-04")


async def test_a_newly_configured_channel_first_posts_at_its_next_post_time(
    bot: StudyBot,
) -> None:
    # Configured at Thursday 00:00: Wednesday's 09:00 slot is still inside its window (until
    # Thursday 08:00) but came before the channel was scheduled, so it is not posted.
    ref = ChannelRef("slack", "T1", "new")
    admin = Caller(Player("slack", "T1", "boss"), ref, is_admin=True)
    thursday = datetime(2024, 3, 7, tzinfo=UTC)
    assert bot.handle(admin, "config time 09:00", thursday).kind == "config"
    pub = FakePublisher()
    sched = QuizScheduler(bot, {"slack": pub}, clock=lambda: datetime.now(UTC))
    await drive(sched, pub, thursday, thursday + timedelta(hours=10), timedelta(minutes=10))
    assert [(r.text.splitlines()[0][:22], at) for _, r, at in pub.posts] == [
        ("Quiz of Thu 2024-03-07", thursday + timedelta(hours=9))
    ]


async def test_posting_turned_back_on_does_not_catch_up_the_days_it_was_off(bot: StudyBot) -> None:
    ref = configure(bot, "c", "time 09:00", "off")
    admin = Caller(Player("slack", "T1", "boss"), ref, is_admin=True)
    pub = FakePublisher()
    sched = QuizScheduler(bot, {"slack": pub}, clock=lambda: datetime.now(UTC))
    await sched.tick(datetime(2024, 3, 5, 10, tzinfo=UTC))  # off: nothing
    on = datetime(2024, 3, 6, 7, tzinfo=UTC)  # Tuesday's window is open until Wednesday 08:00
    assert bot.handle(admin, "config on", on).kind == "config"
    await drive(sched, pub, on, on + timedelta(hours=3), timedelta(minutes=30))
    assert [r.text[:22] for _, r, _ in pub.posts] == ["Quiz of Wed 2024-03-06"]


async def test_quiz_in_a_new_channel_posts_today_and_never_yesterday(bot: StudyBot) -> None:
    ref = ChannelRef("slack", "T1", "fresh")
    thursday = datetime(2024, 3, 7, 1, tzinfo=UTC)
    reply = bot.handle(Caller(Player("slack", "T1", "eve"), ref), "quiz", thursday)
    assert reply.kind == "quiz" and reply.text.startswith("Quiz of Thu 2024-03-07")
    pub = FakePublisher()
    sched = QuizScheduler(bot, {"slack": pub}, clock=lambda: datetime.now(UTC))
    await drive(sched, pub, thursday, thursday + timedelta(hours=12), timedelta(minutes=30))
    assert pub.posts == []  # Wednesday's slot predates the channel; Thursday's is already posted


async def test_a_post_that_failed_is_retried_after_the_claim_goes_stale(bot: StudyBot) -> None:
    configure(bot, "c", "time 09:00")
    pub = FakePublisher(fail=1)
    sched = QuizScheduler(bot, {"slack": pub}, clock=lambda: datetime.now(UTC))
    nine = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
    for minutes in (0, 1, 2, 6, 7, 30):
        await sched.tick(nine + timedelta(minutes=minutes))
    assert len(pub.posts) == 1  # failed at 09:00, re-posted once at 09:06, never again


async def test_only_platforms_with_a_publisher_are_posted(bot: StudyBot) -> None:
    configure(bot, "c", "time 09:00", platform="discord")
    pub = FakePublisher()
    await QuizScheduler(bot, {"slack": pub}, clock=lambda: datetime.now(UTC)).tick(
        datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    )
    assert pub.posts == []


@pytest.mark.postgres
async def test_two_schedulers_on_one_postgresql_post_once_per_channel_per_day(
    quiz_kb, pg_schema_url
) -> None:
    from bot.storage.migrate import upgrade

    engines = [make_engine(pg_schema_url) for _ in range(2)]
    upgrade(engines[0])
    bots = [StudyBot(quiz_kb, store=SqlQuizStore(e)) for e in engines]
    for name, zone in (("a", "UTC"), ("b", "Asia/Tokyo"), ("c", "America/Los_Angeles")):
        configure(bots[0], name, "time 09:00", f"timezone {zone}", "days mon-sun")
    pubs = [FakePublisher(), FakePublisher()]
    scheds = [
        QuizScheduler(b, {"slack": p}, clock=lambda: datetime.now(UTC))
        for b, p in zip(bots, pubs, strict=True)
    ]
    now, end = datetime(2024, 3, 4, tzinfo=UTC), datetime(2024, 3, 11, tzinfo=UTC)
    while now < end:
        await asyncio.gather(*(s.tick(now) for s in scheds))
        now += timedelta(minutes=20)
    posts = [(ch.channel_id, r.text.splitlines()[0]) for p in pubs for ch, r, _ in p.posts]
    assert len(posts) == len(set(posts)), "no (channel, day) posted twice"
    days = {ch: {t.split()[3] for c, t in posts if c == ch} for ch in "abc"}
    week = {f"2024-03-{d:02d}" for d in range(4, 11)}
    assert all(week <= d for d in days.values()), "no day skipped"  # plus Sunday 3rd's catch-up
    assert all(pubs), "both replicas took part"
    for engine in engines:
        engine.dispose()
