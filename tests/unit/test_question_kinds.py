"""Questions the way learners ask them: described needs, how-to, yes/no, concepts, cost, services
the bot does not cover, follow-ups and short comparisons. The questions here are written for these
tests (not taken from the dev sets), one table per kind."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import Caller, ChannelRef, Player, StudyBot
from bot.core.answers import MORE_PREFIX, SHORT_COMPARISON
from bot.core.scenario import split_options

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

SCENARIOS = [
    # chat questions that name no service
    (
        "we render 5000 animation frames overnight, 20 minutes each, queued on spot capacity. "
        "what should we use?",
        "batch",
    ),
    (
        "which aws service runs code whenever a new object is uploaded to a bucket, no servers?",
        "lambda",
    ),
    (
        "we need a websocket endpoint that pushes chat messages to connected browsers. "
        "which aws service?",
        "api-gateway",
    ),
    (
        "where should our pipeline keep the container images so that our clusters can pull them "
        "with iam permissions?",
        "ecr",
    ),
    ("which service lets us run containers serverlessly so nobody patches the hosts?", "fargate"),
    (
        "we need exactly one log collector container on every host of our container cluster, "
        "which aws service does that?",
        "ecs",
    ),
    ("cheapest simple way to host a tiny personal blog with a fixed monthly bill?", "lightsail"),
    (
        "we run a legacy app that needs a specific kernel module and root access to the os. "
        "which service fits?",
        "ec2",
    ),
    (
        "what tool starts our web app, a cache and a database together locally with one command?",
        "docker",
    ),
    # exam-style paragraphs, other services named as plumbing or as wrong options
    (
        "A research lab runs Monte Carlo simulations with 10,000 variations of the same "
        "containerized model. Each variation runs for two hours. The lab wants AWS to provision the "
        "compute, retry failed runs automatically and release the instances when all runs complete. "
        "Results are stored in Amazon S3. Which service meets these requirements?",
        "batch",
    ),
    (
        "A company wants to resize images as soon as users upload them to an Amazon S3 bucket. Each "
        "resize takes under 2 seconds. Uploads are unpredictable, with long idle periods overnight. "
        "The company wants to pay only for what it uses and does not want to manage any servers. "
        "Which solution is MOST cost-effective?",
        "lambda",
    ),
    (
        "A developer must expose backend microservices to third-party developers. Each partner must "
        "receive an API key, and the company needs to enforce request quotas and throttling limits "
        "per partner. Which AWS service should the developer use?",
        "api-gateway",
    ),
    (
        "A company is migrating 30 microservices packaged as containers to AWS. It needs a managed "
        "orchestrator that keeps the desired count of each service, performs rolling deployments, "
        "integrates with Application Load Balancers and supports service discovery. The company "
        "does not want to use Kubernetes. Which AWS service should it use?",
        "ecs",
    ),
    (
        "A machine learning team needs GPU instances to train models, with full control over the "
        "operating system, drivers and CUDA version. Training runs continuously for weeks. "
        "Which AWS service should they use?",
        "ec2",
    ),
    ("our nightly report job takes 3 hours. lambda or aws batch?", "batch"),
    # a named service that is context, or the one being left
    (
        "A team runs its Docker containers on ECS and needs to store the images somewhere private "
        "with IAM access control. What should they use?",
        "ecr",
    ),
    (
        "our lambda functions need a REST endpoint with api keys for partners, what do we add?",
        "api-gateway",
    ),
    (
        "our ecs tasks run on ec2 today and we want to stop patching instances, what should we "
        "switch to?",
        "fargate",
    ),
    ("lambda is too short for our 2 hour video encode, what should we use instead?", "batch"),
]

OUT_OF_SCOPE_NEEDS = [
    "which service should store millions of user videos with lifecycle rules to archive old ones?",
    "we need a managed postgresql database with automated backups and a read replica. which one?",
    "A company must coordinate a multi-step order workflow: call a payment function, wait up to 7 "
    "days for a human approval, then branch on the result, with retries on each step. Which "
    "service should orchestrate these steps?",
    "we want weighted dns that sends a tenth of our users to a new endpoint",
]

UNRELATED = [
    "how do I reverse a linked list in python",
    "what's the best way to learn spanish quickly",
    "what time is the team meeting tomorrow",
    "which programming language is best for beginners",
    "how can we improve our team's code review process",
    "how do i write a unit test in pytest",
    "which laptop should I buy for programming",
    "which movie should we watch tonight",
]

UNCOVERED_BY_NAME = [
    ("what are step functions", "AWS Step Functions"),
    ("what is google cloud run", "Google Cloud Run"),
    ("eks pricing", "Amazon EKS"),
    ("tell me about dynamodb", "Amazon DynamoDB"),
    ("what is kubernetes", "Amazon EKS"),
]

YES_NO = [
    ("is api gateway able to cache responses", "Yes", ["caching"]),
    ("can fargate use gpus", "No", ["gpu"]),
    ("can lambda run for 2 hours", "No", ["15 minutes"]),
    ("does lightsail scale automatically", "No", ["automatic"]),
    ("is there a time limit on batch jobs", "No", ["no maximum", "no time limit"]),
    ("can lambda run docker containers", "Yes", ["container image"]),
    ("can api gateway cache responses", "Yes", ["cach"]),
    ("can lambda use more than 10 gb of memory", "No", ["10,240 mb"]),
    ("can lambda run longer than 15 minutes", "No", ["15 minutes"]),
    ("is ec2 serverless", "No", ["yourself"]),
]

HOW_TO = [
    ("how do I write a Dockerfile", "docker", ["dockerfile"]),
    ("how do i scale the number of ecs tasks on cpu", "ecs", ["scal"]),
    ("how can I make lambda respond without cold starts", "lambda", ["cold start"]),
    ("how do i run a container locally", "docker", ["docker"]),
]

CONCEPTS = [
    ("what is a lambda cold start", "Lambda", ["cold start"], "cold start"),
    ("what is the difference between an ECS service and a task", "ECS", ["service", "task"], ""),
    ("docker image vs container", "Docker", ["image", "container"], ""),
    ("what are ecs launch types", "ECS", ["launch types"], ""),
    ("what are lambda layers", "Lambda", ["layer"], ""),
    ("what is a container", "Docker", ["instance of an image"], "container"),
    ("what is a cluster", "ECS", ["cluster"], "cluster"),
]


@pytest.mark.parametrize(("question", "topic"), SCENARIOS)
def test_a_described_need_is_answered_with_the_service_that_fits(
    bot: StudyBot, question: str, topic: str
) -> None:
    answer = bot.ask(question)
    assert answer.topic == topic, answer.reply.text[:300]
    assert len(answer.reply.text) < 800, "a scenario answer stays short"


def test_exam_options_are_read_apart_from_the_stem() -> None:
    stem_text, options = split_options("Which fits? A. Run X. B) Use Y (C) Try Z")
    assert stem_text == "Which fits?"
    assert options == ["Run X.", "Use Y", "Try Z"]
    assert split_options("A company runs a B. C. Jones app") == (
        "A company runs a B. C. Jones app",
        [],
    )


def test_wrong_options_wording_does_not_rule_out_the_right_answer(bot: StudyBot) -> None:
    """Option C describes a server that runs all day; that must not count against the function
    the stem asks for, and the answer is one of the services the options name."""
    stem_text = (
        "Every night a team must purge stale rows from a table; the cleanup script takes about a "
        "minute and nothing should sit idle between runs. "
        "Which solution has the LEAST operational overhead? "
    )
    options = "A. Amazon EC2 with cron. B. AWS Lambda on a schedule. C. Amazon ECS service that runs all day. D. Amazon Lightsail with cron."
    assert bot.ask(stem_text + options).topic == "lambda"


def test_a_scenario_answer_says_use_and_why_a_named_rival_does_not_fit(bot: StudyBot) -> None:
    text = bot.ask("our nightly report job takes 3 hours. lambda or aws batch?").reply.text
    assert "**Use AWS Batch.**" in text
    assert "Not AWS Lambda" in text and "15 minutes" in text


@pytest.mark.parametrize("question", OUT_OF_SCOPE_NEEDS)
def test_a_need_of_an_uncovered_service_is_declined(bot: StudyBot, question: str) -> None:
    answer = bot.ask(question)
    assert not answer.matched, answer.reply.text[:200]
    assert answer.suggestions


@pytest.mark.parametrize("question", UNRELATED)
def test_questions_about_something_else_are_declined(bot: StudyBot, question: str) -> None:
    assert not bot.ask(question).matched, bot.ask(question).reply.text[:200]


@pytest.mark.parametrize(("question", "name"), UNCOVERED_BY_NAME)
def test_an_uncovered_service_is_declined_by_name(bot: StudyBot, question: str, name: str) -> None:
    answer = bot.ask(question)
    assert not answer.matched
    assert answer.reply.text.startswith(f"{name} isn't something I cover yet")
    assert all(s in {t.title for t in bot.kb.services} for s in answer.suggestions)


def test_a_comparison_with_an_uncovered_side_answers_the_covered_side(bot: StudyBot) -> None:
    answer = bot.ask("ecs vs eks")
    assert answer.topic == "ecs"
    assert "Amazon EKS isn't something I cover yet" in answer.reply.text


@pytest.mark.parametrize(("question", "verdict", "phrases"), YES_NO)
def test_yes_no_questions_start_with_yes_or_no_and_the_deciding_fact(
    bot: StudyBot, question: str, verdict: str, phrases: list[str]
) -> None:
    lead = bot.ask(question).reply.lead or ""
    assert lead.startswith(verdict), lead
    assert any(p in lead.lower() for p in phrases), lead


@pytest.mark.parametrize("question", ["is lightsail free", "is fargate free"])
def test_a_free_trial_or_tier_is_no_plain_yes(bot: StudyBot, question: str) -> None:
    assert not (bot.ask(question).reply.lead or "").startswith("Yes")


@pytest.mark.parametrize(("question", "topic", "phrases"), HOW_TO)
def test_how_to_questions_answer_from_the_service(
    bot: StudyBot, question: str, topic: str, phrases: list[str]
) -> None:
    answer = bot.ask(question)
    assert answer.matched and answer.topic == topic, answer.reply.text[:200]
    assert all(p in answer.reply.text[:400].lower() for p in phrases)


@pytest.mark.parametrize(("question", "service", "phrases", "title_has"), CONCEPTS)
def test_concepts_inside_a_service_get_their_definition(
    bot: StudyBot, question: str, service: str, phrases: list[str], title_has: str
) -> None:
    answer = bot.ask(question)
    assert answer.title is not None and service in answer.title and title_has in answer.title
    lead = answer.reply.text[:500].lower()
    assert all(p in lead for p in phrases), lead


def test_a_cost_question_between_two_services_leads_with_their_pricing(bot: StudyBot) -> None:
    answer = bot.ask("is fargate cheaper than ec2")
    assert answer.title == "AWS Fargate vs Amazon EC2"
    assert "Spot" not in answer.reply.body[0]
    assert all("pric" in line.lower() for line in answer.reply.body)


def caller(user: str = "U1", channel: str = "C1") -> Caller:
    return Caller(Player("slack", "T1", user), ChannelRef("slack", "T1", channel))


FOLLOW_UPS = [
    ("what is fargate", "how is it priced?", "fargate", "pric"),
    ("what is fargate", "and its max memory?", "fargate", "gb"),
    ("tell me about lambda", "what about cold starts?", "lambda", "cold start"),
    ("lambda vs batch", "what about pricing", "lambda-vs-batch", "pay per request"),
]


@pytest.mark.parametrize(("first", "then", "topic", "phrase"), FOLLOW_UPS)
def test_a_follow_up_is_about_the_previous_topic(
    bot: StudyBot, first: str, then: str, topic: str, phrase: str
) -> None:
    bot.ask(first, caller(), NOW)
    answer = bot.ask(then, caller(), NOW + timedelta(minutes=1))
    assert answer.topic == topic, answer.reply.text[:200]
    assert phrase in answer.reply.text[:400].lower()


@pytest.mark.parametrize(
    ("who", "later"),
    [
        (caller("U2"), timedelta(minutes=1)),  # someone else
        (caller("U1", "C2"), timedelta(minutes=1)),  # another channel
        (caller(), timedelta(minutes=30)),  # too late
    ],
)
def test_a_follow_up_needs_the_same_person_channel_and_a_recent_question(
    bot: StudyBot, who: Caller, later: timedelta
) -> None:
    bot.ask("what is fargate", caller(), NOW)
    assert bot.ask("how is it priced?", who, NOW + later).topic != "fargate"


def test_a_question_naming_a_service_ignores_the_previous_topic(bot: StudyBot) -> None:
    bot.ask("what is fargate", caller(), NOW)
    assert bot.ask("how is lambda priced?", caller(), NOW).topic == "lambda"
    assert bot.ask("what is the meaning of life", caller(), NOW).matched is False


def test_every_comparison_answer_is_short_and_offers_the_full_table(bot: StudyBot) -> None:
    for topic in (t for t in bot.kb.topics.values() if t.kind == "comparison"):
        alias = next(a for a in topic.aliases if " vs " in a)
        questions = [alias, *(f"{alias} {d.name}" for d in topic.dimensions)]
        for question in questions:
            answer = bot.ask(question)
            assert len(answer.reply.text) <= SHORT_COMPARISON, (question, len(answer.reply.text))
            if answer.topic == topic.id:
                assert [c.value for c in answer.reply.choices] == [MORE_PREFIX + topic.id]
        assert bot.ask(alias).topic == topic.id


def test_an_asked_row_leads_the_comparison(bot: StudyBot) -> None:
    assert (bot.ask("lambda vs batch time limit").reply.lead or "").startswith("Maximum run time")


def test_more_and_the_button_give_the_full_table(bot: StudyBot) -> None:
    short = bot.handle(caller(), "lambda vs batch", NOW)
    full = bot.handle(caller(), "more", NOW)
    assert len(full.body) > len(short.body) + 5
    pressed = bot.press(caller("U9"), short.choices[0].value, NOW)
    assert pressed.private and pressed.body == full.body
    assert bot.handle(caller("U3"), "more", NOW).private  # nothing to expand for a newcomer


HISTORY = re.compile(
    r"\b(outdated|older note|old note|earlier note|no longer (true|correct))\b", re.I
)


def test_no_answer_text_talks_about_older_notes(bot: StudyBot) -> None:
    """An answer states what is true; history belongs in a source comment, not in the text."""
    kb = bot.kb
    texts = [t.summary for t in kb.topics.values()] + [
        f.text for t in kb.topics.values() for f in t.facts
    ]
    texts += [v for t in kb.topics.values() for d in t.dimensions for v in d.values.values()]
    texts += [a for t in kb.topics.values() for a in t.advice]
    texts += [n.text for g in kb.choosing.values() for n in g.chosen_for]
    texts += [lim.text for g in kb.choosing.values() for lim in g.ruled_out]
    texts += [c.text for c in kb.concepts] + [u.about for u in kb.uncovered]
    assert not [t for t in texts if HISTORY.search(t)]


def test_choosing_guides_cover_every_service(bot: StudyBot) -> None:
    assert set(bot.kb.choosing) == {t.id for t in bot.kb.services}


def test_uncovered_names_never_shadow_a_covered_service(bot: StudyBot) -> None:
    covered = {a.casefold() for t in bot.kb.topics.values() for a in (t.title, *t.aliases)}
    names = {a.casefold() for u in bot.kb.uncovered for a in (u.name, *u.aliases)}
    assert not covered & names


OFFICIAL = ("https://docs.aws.amazon.com/", "https://aws.amazon.com/", "https://docs.docker.com/")


def test_choosing_guides_and_concepts_cite_official_docs(bot: StudyBot) -> None:
    """What a scenario or definition answer teaches comes from AWS's or Docker's own docs
    (a mirror such as docs.amazonaws.cn or a project README is no source to show a learner)."""
    kb = bot.kb
    urls = {n.source for c in kb.choosing.values() for n in c.chosen_for}
    urls |= {lim.source for c in kb.choosing.values() for lim in c.ruled_out}
    urls |= {c.source for c in kb.concepts}
    assert sorted(u for u in urls if not u.startswith(OFFICIAL)) == []


@pytest.mark.parametrize(
    ("question", "phrase"),
    [("what does ecr charge for", "per gb-month"), ("what does fargate charge for", "per second")],
)
def test_a_cost_question_about_one_service_leads_with_its_pricing(
    bot: StudyBot, question: str, phrase: str
) -> None:
    """A fact tagged as pricing answers "what does X charge for" before one that only says
    "at no extra charge" in passing."""
    assert phrase in bot.ask(question).reply.text.lower()[:400]
