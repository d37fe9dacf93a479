"""The matcher on each kind of question, in our own words (not the published dev questions)."""

from __future__ import annotations

import pytest

from bot.core import StudyBot
from bot.core.matching import _asks_run_time
from bot.core.text import words

DIRECT = [
    ("what's ECR", "ecr"),
    ("what is aws lambda?", "lambda"),
    ("explain fargate to me", "fargate"),
    ("tell me about amazon lightsail", "lightsail"),
    ("ECS", "ecs"),
    ("what does api gateway do", "api-gateway"),
    ("what is docker", "docker"),
    ("define aws batch", "batch"),
    ("hey bot, what is fargate? 🚀", "fargate"),
    ("<@U123ABC> what is lambda", "lambda"),
    ("WHAT IS LIGHTSAIL!!!", "lightsail"),
    ("so... what's batch about", "batch"),
]
TYPO = [
    ("fargte", "fargate"),
    ("lamda", "lambda"),
    ("what is dokcer", "docker"),
    ("what is lightsale", "lightsail"),
    ("amazon elastic contianer service", "ecs"),
    ("what is api gatway", "api-gateway"),
    ("aws bacth", "batch"),
    ("labmda functions", "lambda"),
    ("elastic container regstry", "ecr"),
    ("explain fargat", "fargate"),
    ("farget", "fargate"),
    ("api gatewy", "api-gateway"),
    ("aws ligthsail", "lightsail"),
]
ALIAS = [
    ("Elastic Container Registry", "ecr"),
    ("AWS Elastic Container Service", "ecs"),
    ("Amazon API Gateway", "api-gateway"),
    ("aws lambda functions", "lambda"),
    ("AWS Fargate", "fargate"),
    ("amazon lightsail", "lightsail"),
    ("amazon ec2 container registry", "ecr"),
]
DESCRIBE = [
    ("where do I store my docker images", "ecr"),
    ("serverless containers", "fargate"),
    ("run code without servers in response to events", "lambda"),
    ("expose my functions as an http api", "api-gateway"),
    ("cheap virtual private server with a predictable monthly price", "lightsail"),
    ("run long batch computing jobs on spot instances", "batch"),
    ("a private registry for container images", "ecr"),
    ("orchestrate containers on my own ec2 cluster", "ecs"),
    ("package my app and its dependencies into a container image", "docker"),
    ("websocket api for my chat app", "api-gateway"),
    ("easy hosting for someone new to the cloud", "lightsail"),
    ("run containers without managing any servers", "fargate"),
    ("i need to run a container but don't want to manage servers", "fargate"),
    ("where can i host a simple wordpress site cheaply", "lightsail"),
    ("create a rest api in front of my backend", "api-gateway"),
]
ATTRIBUTE = [
    ("lambda time limit?", "lambda", ["15 min"]),
    ("how is lambda priced", "lambda", ["request"]),
    ("does lightsail auto scale", "lightsail", ["no auto"]),
    ("how much memory can a lambda function have", "lambda", ["10,240"]),
    ("what languages does lambda support", "lambda", ["python"]),
    ("how long can a batch job run", "batch", ["no time limit"]),
    ("is fargate serverless", "fargate", ["serverless"]),
    ("what is the max payload size for api gateway", "api-gateway", ["10 mb"]),
    ("does ecs cost extra", "ecs", ["no additional charge"]),
    ("how much does lightsail cost", "lightsail", ["$5"]),
    ("does api gateway support websockets", "api-gateway", ["websocket"]),
    ("how big can lambda /tmp storage be", "lambda", ["10,240"]),
    ("how many containers fit in an ecs task definition", "ecs", ["10"]),
    ("can ecr scan my images for vulnerabilities", "ecr", ["scan"]),
    ("what is an ecs task definition", "ecs", ["task definition"]),
    ("ecs launch types", "ecs", ["launch types"]),
    ("what launch types does ecs have", "ecs", ["launch types"]),
    ("what is a dockerfile", "docker", ["dockerfile"]),
    ("fargate spot", "fargate", ["spot"]),
    ("lightsail container service", "lightsail", ["container services"]),
    ("does batch support gpus", "batch", ["gpu"]),
    ("lambda function timeout", "lambda", ["15 minutes"]),
]
COMPARE = [
    ("ecs vs fargate", {"ecs", "fargate"}),
    ("difference between ECS and Fargate", {"ecs", "fargate"}),
    ("lambda versus batch", {"lambda", "batch"}),
    ("compare fargate and lambda", {"fargate", "lambda"}),
    ("ecr vs docker hub", {"ecr", "docker"}),
    ("lightsail or ec2?", {"lightsail", "ec2"}),
]
OUT_OF_SCOPE = [
    "what is the weather",
    "who won the world cup",
    "how do I bake sourdough bread",
    "tell me a joke",
    "what's the capital of france",
    "how do I center a div in css",
    "what is s3",
    "what is kubernetes",
    "what is dynamodb",
    "thanks!",
    "lol",
    "how do I sort a list in python",
]


@pytest.mark.parametrize(("question", "topic"), DIRECT + TYPO + ALIAS + DESCRIBE)
def test_names_and_descriptions_find_the_service(bot: StudyBot, question: str, topic: str) -> None:
    answer = bot.ask(question)
    assert answer.matched and answer.topic == topic, answer.reply.text[:200]


@pytest.mark.parametrize(("question", "topic", "phrases"), ATTRIBUTE)
def test_attribute_answers_lead_with_the_fact(
    bot: StudyBot, question: str, topic: str, phrases: list[str]
) -> None:
    answer = bot.ask(question)
    assert answer.topic == topic
    lead = answer.reply.text[:400].lower()
    assert all(p in lead for p in phrases), lead


@pytest.mark.parametrize(("question", "topics"), COMPARE)
def test_comparisons_answer_with_both_sides(bot: StudyBot, question: str, topics: set[str]) -> None:
    answer = bot.ask(question)
    assert answer.matched and answer.topic is not None
    compared = set(bot.kb.topic(answer.topic).compares) if answer.topic in bot.kb.topics else set()
    assert compared == topics, answer.topic


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_is_declined_with_suggestions(bot: StudyBot, question: str) -> None:
    answer = bot.ask(question)
    assert not answer.matched, answer.reply.text[:200]
    assert answer.topic is None and answer.title is None
    assert 1 <= len(answer.suggestions) <= 3
    assert all(s in {t.title for t in bot.kb.topics.values()} for s in answer.suggestions)


@pytest.mark.parametrize("question", ["lambda vs batch for a task that runs 2 days"])
def test_a_length_of_time_leads_with_the_run_time_row(bot: StudyBot, question: str) -> None:
    reply = bot.ask(question).reply
    assert reply.lead is not None and reply.lead.startswith("Maximum run time")


def test_how_long_questions_lead_with_the_run_time_fact(bot: StudyBot) -> None:
    assert "no run-time limit" in bot.ask("how long can a fargate task run").reply.text[:300]
    assert "15 minutes" in bot.ask("can lambda run for 20 minutes?").reply.text[:300]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("is 20 minutes too long for lambda", True),
        (
            "A team's reports are archived every night and the archives must be kept for 30 days "
            "in a bucket that auditors can read, while the dashboards refresh each morning for the "
            "sales managers in three regions and finance reviews them weekly.",
            False,
        ),
        (
            "A bank's simulations each run for about 20 hours on 16 vCPUs and thousands of them are "
            "submitted together every evening; the team wants them queued and run on Spot capacity "
            "with nothing left running in the morning.",
            True,
        ),
    ],
)
def test_a_length_of_time_in_a_paragraph_asks_about_run_time_only_when_it_is_one(
    text: str, asks: bool
) -> None:
    assert _asks_run_time(text, words(text)) is asks
