"""The hand-written quiz question bank: every file validates and the seed notes are all covered."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.core.knowledge import Question, QuestionFile, default_knowledge_dir

QUESTIONS_DIR = default_knowledge_dir() / "questions"
SEED_NOTES = Path(__file__).parents[1] / "data" / "seed-notes.md"  # a copy of the seed notes
SERVICES = ("docker", "ecs", "fargate", "ecr", "lambda", "api-gateway", "batch", "lightsail")
OTHER_TOPICS = (
    "ec2",
    "lambda-vs-batch",
    "ecs-vs-fargate",
    "fargate-vs-lambda",
    "ecr-vs-docker-hub",
    "lightsail-vs-ec2",
)
MAX_OPTION_LENGTH = 75  # options become chat buttons

# Every statement of the team's seed notes, verbatim, with the questions that test it (the
# questions teach today's truth where a note is outdated). Keys are "section > [parent >] text".
SEED_CHECKLIST: dict[str, tuple[str, ...]] = {
    "Docker > Software development platform to deploy apps": ("docker-what-is",),
    "Docker > Apps are packaged in containers that can be run on any OS": (
        "docker-container-vs-vm",
    ),
    "Docker > Scale containers up and down quickly": ("docker-scale-quickly",),
    "Docker > Docker images are stored in Docker Repositories": ("docker-registry-vs-repository",),
    "Docker > Amazon ECR (Elastic Container Registry)": ("docker-ecr-is-registry",),
    "Elastic Container Service (ECS) > Launch Docker Container on AWS": ("ecs-what-is",),
    "Elastic Container Service (ECS) > Must provision and maintain the infrastructure "
    "(EC2 Instances)": ("ecs-must-manage-ec2", "ecs-vs-fargate-who-manages"),
    "Elastic Container Service (ECS) > Integration with application load balancer": (
        "ecs-alb",
        "ecs-alb-features",
    ),
    "Fargate > Launch Docker Container on AWS": ("fargate-what-is",),
    "Fargate > Don't need to provision and maintain the infrastructure (EC2 Instances)": (
        "fargate-no-servers",
    ),
    "Fargate > Serverless": ("fargate-serverless",),
    "Elastic Container Registry (ECR) > Private Docker Registry": (
        "ecr-private-registry",
        "ecr-public",
    ),
    "Elastic Container Registry (ECR) > Store Docker Images": ("ecr-artifact-types",),
    "Elastic Container Registry (ECR) > Stored images can be used by ECS and Fargate": (
        "ecr-used-by-lambda",
    ),
    "AWS Lambda > Virtual functions - no servers to manage": ("lambda-no-servers",),
    "AWS Lambda > Limited by time - short executions": ("lambda-max-timeout",),
    "AWS Lambda > Run on-demand": ("lambda-idle-cost",),
    "AWS Lambda > Scaling is automated": ("lambda-scaling-rate",),
    "AWS Lambda > Pay per request and compute time": ("lambda-pricing-dimensions",),
    "AWS Lambda > Integrated with AWS services": ("lambda-poll-event-sources",),
    "AWS Lambda > Event Driven: functions get invoked by AWS": ("lambda-event-driven",),
    "AWS Lambda > Integrated with many programming languages": ("lambda-managed-runtimes",),
    "AWS Lambda > Easy monitoring with AWS CloudWatch": ("lambda-cloudwatch-logs",),
    "AWS Lambda > Lambda Language Support": ("lambda-managed-runtimes",),
    "AWS Lambda > Lambda Language Support > Node.js": ("lambda-managed-runtimes",),
    "AWS Lambda > Lambda Language Support > Python": ("lambda-managed-runtimes",),
    "AWS Lambda > Lambda Language Support > Custom Runtime API (Community Supported, "
    "Golang or Rust)": ("lambda-go-runtime", "lambda-rust-runtime"),
    "AWS Lambda > Lambda Container Image": ("lambda-container-runtime-api",),
    "AWS Lambda > Lambda Container Image > Container image must implement the Lambda Runtime API": (
        "lambda-container-runtime-api",
    ),
    "AWS Lambda > Lambda Container Image > ECS/Fargate is preferred for running arbitrary "
    "Docker Images": ("fargate-vs-lambda-arbitrary-image",),
    "AWS Lambda > Lambda Pricing": ("lambda-pricing-dimensions",),
    "AWS Lambda > Lambda Pricing > Pay per calls": ("lambda-pricing-dimensions",),
    "AWS Lambda > Lambda Pricing > Pay per duration": ("fargate-vs-lambda-billing-granularity",),
    "API Gateway > Expose Lambda Functions as HTTP API": (
        "api-gateway-lambda-invoke",
        "lambda-function-url-endpoint",
    ),
    "API Gateway > Create, Publish, Maintain, Monitor, and Secure APIs": ("api-gateway-what-is",),
    "API Gateway > Fully Managed, Serverless": ("api-gateway-serverless-pricing",),
    "API Gateway > Supports RESTful APIs and WebSocket APIs": ("api-gateway-api-types",),
    "API Gateway > Proxy Requests": ("api-gateway-proxy",),
    "AWS Batch > Batch processing at any scale": ("batch-what-is",),
    "AWS Batch > Run 100000's computing batch jobs": ("batch-submitted-quota", "batch-array-size"),
    "AWS Batch > A batch job is a job with a start and an end": ("batch-job-succeeded",),
    "AWS Batch > Batch will dynamically launch EC2 instances or Spot instances": (
        "batch-launch-capacity",
    ),
    "AWS Batch > Batch jobs are defined as Docker Images and runs on ECS": (
        "batch-runs-on",
        "batch-job-definition",
    ),
    "AWS Lambda vs AWS Batch > Lambda": ("lambda-vs-batch-serverless",),
    "AWS Lambda vs AWS Batch > Lambda > Time limit": ("lambda-vs-batch-time-limit",),
    "AWS Lambda vs AWS Batch > Lambda > Limited runtime": ("lambda-vs-batch-lambda-packaging",),
    "AWS Lambda vs AWS Batch > Lambda > Limited temporary disk space": (
        "lambda-vs-batch-tmp-space",
    ),
    "AWS Lambda vs AWS Batch > Lambda > Serverless": ("lambda-vs-batch-serverless",),
    "AWS Lambda vs AWS Batch > Batch": ("lambda-vs-batch-serverless",),
    "AWS Lambda vs AWS Batch > Batch > No time limit": ("lambda-vs-batch-time-limit",),
    "AWS Lambda vs AWS Batch > Batch > Any runtime": ("lambda-vs-batch-any-runtime",),
    "AWS Lambda vs AWS Batch > Batch > Relies on EBS/Instance store": ("lambda-vs-batch-job-disk",),
    "AWS Lambda vs AWS Batch > Batch > Relies on EC2": ("lambda-vs-batch-serverless",),
    "Amazon Lightsail > Virtual servers, Storage, Databases and Networking": ("lightsail-what-is",),
    "Amazon Lightsail > Low and predictable pricing": ("lightsail-pricing-model",),
    "Amazon Lightsail > Simple alternative to using EC2, RDS, EBS.,": (
        "lightsail-ec2-alternative",
    ),
    "Amazon Lightsail > Great for people with little cloud experience": ("lightsail-audience",),
    "Amazon Lightsail > High availability but no auto scaling": (
        "lightsail-lb-autoscale",
        "lightsail-high-availability",
    ),
    "Amazon Lightsail > Limited AWS integrations": ("lightsail-vpc-peering",),
}


def _question_files() -> list[Path]:
    return sorted(QUESTIONS_DIR.glob("*.yaml"))


def _load(path: Path) -> QuestionFile:
    return QuestionFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return [q for path in _question_files() for q in _load(path).questions]


@pytest.fixture(scope="module")
def by_id(questions: list[Question]) -> dict[str, Question]:
    return {q.id: q for q in questions}


@pytest.mark.parametrize("path", _question_files(), ids=lambda p: p.name)
def test_file_validates_and_matches_its_topic(path: Path) -> None:
    parsed = _load(path)
    assert {q.topic for q in parsed.questions} == {path.stem}
    for q in parsed.questions:
        assert q.id.startswith(f"{q.topic}-"), q.id


def test_bank_is_large_with_unique_ids(questions: list[Question]) -> None:
    assert len(questions) >= 80
    dupes = [i for i, n in Counter(q.id for q in questions).items() if n > 1]
    assert dupes == []


def test_topics_are_known(questions: list[Question]) -> None:
    assert {q.topic for q in questions} <= set(SERVICES) | set(OTHER_TOPICS)


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_enough_questions(questions: list[Question], service: str) -> None:
    assert sum(q.topic == service for q in questions) >= 8


def test_all_difficulties_present(questions: list[Question]) -> None:
    assert {q.difficulty for q in questions} == {"easy", "medium", "hard"}


def test_options_are_short_strings(questions: list[Question]) -> None:
    bad = [
        (q.id, o)
        for q in questions
        for o in q.options
        if not isinstance(o, str) or len(o) > MAX_OPTION_LENGTH
    ]
    assert bad == []


def test_correct_answers_are_spread_over_positions(questions: list[Question]) -> None:
    positions = Counter(q.correct_index for q in questions)
    assert all(positions[i] >= len(questions) // 8 for i in range(4)), positions


@pytest.mark.parametrize(("statement", "question_ids"), SEED_CHECKLIST.items())
def test_seed_statement_is_tested(
    by_id: dict[str, Question], statement: str, question_ids: tuple[str, ...]
) -> None:
    missing = [qid for qid in question_ids if qid not in by_id]
    assert missing == [], f"{statement!r} has no question {missing}"


def _seed_statements(text: str) -> list[str]:
    statements, section, parents = [], "", {}
    for line in text.splitlines():
        if line.startswith("## "):
            section, parents = line[3:].strip(), {}
        elif m := re.match(r"^( *)- (.*\S)\s*$", line):
            depth = len(m.group(1)) // 2
            parents = {d: t for d, t in parents.items() if d < depth} | {depth: m.group(2)}
            statements.append(" > ".join([section, *(parents[d] for d in sorted(parents))]))
    return statements


def test_checklist_covers_every_seed_statement() -> None:
    statements = _seed_statements(SEED_NOTES.read_text(encoding="utf-8"))
    assert len(statements) >= 50
    assert [s for s in statements if s not in SEED_CHECKLIST] == []


def test_yaml_booleans_are_rejected_as_options() -> None:
    raw = yaml.safe_load(
        """
questions:
  - id: demo-yes-no
    topic: demo
    difficulty: easy
    question: Is this a string?
    options: [yes, no, maybe, "x"]
    answer: maybe
    explanation: YAML reads bare yes and no as booleans.
    source: https://yaml.org/type/bool.html
"""
    )
    assert raw["questions"][0]["options"][0] is True
    with pytest.raises(ValidationError):
        QuestionFile.model_validate(raw)
