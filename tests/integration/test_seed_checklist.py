"""Every statement in the team's seed notes is answered by a shipped fact or comparison row.

The table copies each bullet of seed-notes.md verbatim (the bare "Lambda" / "Batch" labels that
only head the two lists of the "AWS Lambda vs AWS Batch" section are not statements) and says which
fact or comparison row answers it, with words that answer must contain. Where a note is outdated,
the covering fact states today's truth, and the tests at the end check those corrections.
"""

import pytest

from bot.core.knowledge import KnowledgeBase, default_knowledge_dir, load_knowledge

# A fact id, or (dimension name, compared topic id) for one side of a comparison row.
Ref = str | tuple[str, str]


def _row(section: str, statement: str, topic: str, ref: Ref, words: list[str]):
    return pytest.param(statement, topic, ref, words, id=f"{section}: {statement}")


SEED_CHECKLIST = [
    _row(
        "Docker",
        "Software development platform to deploy apps",
        "docker",
        "docker-overview",
        ["software platform", "developing", "deploy apps"],
    ),
    _row(
        "Docker",
        "Apps are packaged in containers that can be run on any OS",
        "docker",
        "docker-containers-any-os",
        ["packages an app", "container", "compatible kernel"],
    ),
    _row(
        "Docker",
        "Scale containers up and down quickly",
        "docker",
        "docker-scaling",
        ["scale", "up and down", "quickly"],
    ),
    _row(
        "Docker",
        "Docker images are stored in Docker Repositories",
        "docker",
        "docker-repositories",
        ["images are stored", "docker repositories"],
    ),
    _row(
        "Docker",
        "Amazon ECR (Elastic Container Registry)",
        "docker",
        "docker-ecr",
        ["amazon ecr", "elastic container registry"],
    ),
    _row(
        "ECS",
        "Launch Docker Container on AWS",
        "ecs",
        "ecs-overview",
        ["launching docker containers", "on aws"],
    ),
    _row(
        "ECS",
        "Must provision and maintain the infrastructure (EC2 Instances)",
        "ecs",
        "ecs-ec2-infrastructure",
        ["must provision and maintain", "ec2"],
    ),
    _row(
        "ECS",
        "Integration with application load balancer",
        "ecs",
        "ecs-load-balancing",
        ["integration", "application load balancer"],
    ),
    _row(
        "Fargate",
        "Launch Docker Container on AWS",
        "fargate",
        "fargate-overview",
        ["launches docker containers", "on aws"],
    ),
    _row(
        "Fargate",
        "Don't need to provision and maintain the infrastructure (EC2 Instances)",
        "fargate",
        "fargate-no-infrastructure",
        ["don't provision or maintain", "ec2 instances"],
    ),
    _row("Fargate", "Serverless", "fargate", "fargate-serverless", ["is serverless"]),
    _row(
        "ECR", "Private Docker Registry", "ecr", "ecr-private-registry", ["private docker registry"]
    ),
    _row("ECR", "Store Docker Images", "ecr", "ecr-store-images", ["store docker images"]),
    _row(
        "ECR",
        "Stored images can be used by ECS and Fargate",
        "ecr",
        "ecr-used-by-ecs-fargate",
        ["can be used by ecs and fargate"],
    ),
    _row(
        "Lambda",
        "Virtual functions - no servers to manage",
        "lambda",
        "lambda-overview",
        ["functions", "no servers to manage"],
    ),
    _row(
        "Lambda",
        "Limited by time - short executions",
        "lambda",
        "lambda-timeout",
        ["limited by time", "short executions", "15 minutes"],
    ),
    _row("Lambda", "Run on-demand", "lambda", "lambda-on-demand", ["on demand"]),
    _row("Lambda", "Scaling is automated", "lambda", "lambda-scaling", ["scaling is automatic"]),
    _row(
        "Lambda",
        "Pay per request and compute time",
        "lambda",
        "lambda-pricing",
        ["pay per request", "compute time"],
    ),
    _row(
        "Lambda",
        "Integrated with AWS services",
        "lambda",
        "lambda-integrations",
        ["integrated with many aws services"],
    ),
    _row(
        "Lambda",
        "Event Driven: functions get invoked by AWS",
        "lambda",
        "lambda-event-driven",
        ["event driven", "invoked by aws"],
    ),
    _row(
        "Lambda",
        "Integrated with many programming languages",
        "lambda",
        "lambda-runtimes",
        ["many languages", "node.js", "python"],
    ),
    _row(
        "Lambda",
        "Easy monitoring with AWS CloudWatch",
        "lambda",
        "lambda-monitoring",
        ["easy monitoring", "cloudwatch"],
    ),
    _row(
        "Lambda", "Lambda Language Support", "lambda", "lambda-runtimes", ["java", ".net", "ruby"]
    ),
    _row("Lambda", "Node.js", "lambda", "lambda-runtimes", ["node.js"]),
    _row("Lambda", "Python", "lambda", "lambda-runtimes", ["python"]),
    _row(
        "Lambda",
        "Custom Runtime API (Community Supported, Golang or Rust)",
        "lambda",
        "lambda-os-only-runtimes",
        ["runtime api", "go", "rust"],
    ),
    _row(
        "Lambda", "Lambda Container Image", "lambda", "lambda-container-images", ["container image"]
    ),
    _row(
        "Lambda",
        "Container image must implement the Lambda Runtime API",
        "lambda",
        "lambda-container-images",
        ["must implement the lambda runtime api"],
    ),
    _row(
        "Lambda",
        "ECS/Fargate is preferred for running arbitrary Docker Images",
        "lambda",
        "lambda-arbitrary-images",
        ["ecs or fargate is preferred", "arbitrary docker images"],
    ),
    _row("Lambda", "Lambda Pricing", "lambda", "lambda-pricing", ["pricing"]),
    _row("Lambda", "Pay per calls", "lambda", "lambda-pricing", ["per request", "call"]),
    _row("Lambda", "Pay per duration", "lambda", "lambda-pricing", ["per duration"]),
    _row(
        "API Gateway",
        "Expose Lambda Functions as HTTP API",
        "api-gateway",
        "api-gateway-lambda",
        ["expose lambda functions", "http api"],
    ),
    _row(
        "API Gateway",
        "Create, Publish, Maintain, Monitor, and Secure APIs",
        "api-gateway",
        "api-gateway-overview",
        ["creating, publishing, maintaining, monitoring and securing"],
    ),
    _row(
        "API Gateway",
        "Fully Managed, Serverless",
        "api-gateway",
        "api-gateway-serverless",
        ["fully managed", "serverless"],
    ),
    _row(
        "API Gateway",
        "Supports RESTful APIs and WebSocket APIs",
        "api-gateway",
        "api-gateway-api-types",
        ["restful apis", "websocket apis"],
    ),
    _row(
        "API Gateway",
        "Proxy Requests",
        "api-gateway",
        "api-gateway-proxy",
        ["proxy requests", "lambda proxy integration", "http proxy integration"],
    ),
    _row(
        "Batch",
        "Batch processing at any scale",
        "batch",
        "batch-overview",
        ["batch processing at any scale"],
    ),
    _row(
        "Batch",
        "Run 100000's computing batch jobs",
        "batch",
        "batch-scale",
        ["hundreds of thousands", "batch computing jobs"],
    ),
    _row(
        "Batch",
        "A batch job is a job with a start and an end",
        "batch",
        "batch-job",
        ["unit of work", "a start and an end"],
    ),
    _row(
        "Batch",
        "Batch will dynamically launch EC2 instances or Spot instances",
        "batch",
        "batch-dynamic-ec2-spot",
        ["dynamically launches", "ec2", "spot instances"],
    ),
    _row(
        "Batch",
        "Batch jobs are defined as Docker Images and runs on ECS",
        "batch",
        "batch-docker-ecs",
        ["defined as docker images", "amazon ecs"],
    ),
    _row(
        "Lambda vs Batch",
        "Time limit",
        "lambda-vs-batch",
        ("Maximum run time", "lambda"),
        ["time limit", "15 minutes"],
    ),
    _row(
        "Lambda vs Batch",
        "Limited runtime",
        "lambda-vs-batch",
        ("Runtimes and packaging", "lambda"),
        ["limited runtime"],
    ),
    _row(
        "Lambda vs Batch",
        "Limited temporary disk space",
        "lambda-vs-batch",
        ("Temporary disk space", "lambda"),
        ["limited temporary disk space", "10,240 mb"],
    ),
    _row(
        "Lambda vs Batch",
        "Serverless",
        "lambda-vs-batch",
        ("Servers and infrastructure", "lambda"),
        ["serverless"],
    ),
    _row(
        "Lambda vs Batch",
        "No time limit",
        "lambda-vs-batch",
        ("Maximum run time", "batch"),
        ["no time limit"],
    ),
    _row(
        "Lambda vs Batch",
        "Any runtime",
        "lambda-vs-batch",
        ("Runtimes and packaging", "batch"),
        ["any runtime"],
    ),
    _row(
        "Lambda vs Batch",
        "Relies on EBS/Instance store",
        "lambda-vs-batch",
        ("Temporary disk space", "batch"),
        ["relies on ebs", "instance store"],
    ),
    _row(
        "Lambda vs Batch",
        "Relies on EC2",
        "lambda-vs-batch",
        ("Servers and infrastructure", "batch"),
        ["relies on ec2"],
    ),
    _row(
        "Lightsail",
        "Virtual servers, Storage, Databases and Networking",
        "lightsail",
        "lightsail-overview",
        ["virtual servers", "storage, databases and networking"],
    ),
    _row(
        "Lightsail",
        "Low and predictable pricing",
        "lightsail",
        "lightsail-pricing",
        ["low and predictable pricing"],
    ),
    _row(
        "Lightsail",
        "Simple alternative to using EC2, RDS, EBS.,",
        "lightsail",
        "lightsail-simple-alternative",
        ["simple alternative", "ec2, rds and ebs"],
    ),
    _row(
        "Lightsail",
        "Great for people with little cloud experience",
        "lightsail",
        "lightsail-beginners",
        ["little cloud experience"],
    ),
    _row(
        "Lightsail",
        "High availability but no auto scaling",
        "lightsail",
        "lightsail-high-availability",
        ["high availability", "not automatic", "load balancer"],
    ),
    _row(
        "Lightsail",
        "High availability but no auto scaling",
        "lightsail",
        "lightsail-no-auto-scaling",
        ["no auto scaling", "load balancers scale automatically"],
    ),
    _row(
        "Lightsail",
        "Limited AWS integrations",
        "lightsail",
        "lightsail-integrations",
        ["limited aws integrations", "vpc peering"],
    ),
]

# aws-facts.md section 8: each Lambda vs Batch row, with words each side's value must contain.
LAMBDA_VS_BATCH_ROWS = [
    ("C1 maximum run time", "Maximum run time", ["15 minutes"], ["no maximum timeout"]),
    ("C2 trigger model", "Trigger model", ["event-driven"], ["job queue", "eventbridge"]),
    ("C3 compute ceiling", "Compute size", ["10,240 mb", "no gpus"], ["gpu", "multi-node"]),
    ("C4 packaging", "Runtimes and packaging", ["zip", "container image"], ["docker"]),
    ("C5 scaling", "Scaling and parallelism", ["1,000 new execution environments"], ["vcpus"]),
    ("C6 start latency", "Start latency", ["no queue"], ["30 seconds", "minutes"]),
    ("C7 pricing", "Pricing", ["per request", "1 ms", "free tier"], ["no additional charge"]),
    ("C8 cost levers", "Pricing", ["savings plans"], ["spot", "70%"]),
    ("C9 parallelism", "Scaling and parallelism", ["concurrency"], ["array jobs", "10,000"]),
    ("C10 typical use", "Typical use", ["event-driven", "api gateway"], ["simulations", "hpc"]),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir() / "topics")


def covering_text(kb: KnowledgeBase, topic_id: str, ref: Ref) -> str:
    topic = kb.topic(topic_id)
    if isinstance(ref, tuple):
        name, side = ref
        rows = {d.name: d for d in topic.dimensions}
        assert name in rows, f"{topic_id} has no comparison row {name!r}"
        return rows[name].values[side].lower()
    facts = {f.id: f for f in topic.facts}
    assert ref in facts, f"{topic_id} has no fact {ref!r}"
    return facts[ref].text.lower()


@pytest.mark.parametrize(("statement", "topic_id", "ref", "words"), SEED_CHECKLIST)
def test_seed_statement_is_answered(
    kb: KnowledgeBase, statement: str, topic_id: str, ref: Ref, words: list[str]
) -> None:
    text = covering_text(kb, topic_id, ref)
    missing = [w for w in words if w not in text]
    assert missing == [], f"{statement!r}: {text!r} lacks {missing}"


@pytest.mark.parametrize(("row", "name", "lambda_words", "batch_words"), LAMBDA_VS_BATCH_ROWS)
def test_lambda_vs_batch_covers_fact_sheet_row(
    kb: KnowledgeBase, row: str, name: str, lambda_words: list[str], batch_words: list[str]
) -> None:
    lambda_text = covering_text(kb, "lambda-vs-batch", (name, "lambda"))
    batch_text = covering_text(kb, "lambda-vs-batch", (name, "batch"))
    assert [w for w in lambda_words if w not in lambda_text] == []
    assert [w for w in batch_words if w not in batch_text] == []


# Outdated seed notes (aws-facts.md section 10): the fact states today's value, not the old one.
CORRECTIONS = [
    pytest.param(
        "lambda",
        "lambda-runtimes",
        ["java", ".net", "ruby", "provided.al2023"],
        [],
        id="lambda-managed-runtimes",
    ),
    pytest.param(
        "lambda",
        "lambda-go-deprecated",
        ["go1.x", "deprecated", "provided.al2023"],
        [],
        id="lambda-go1x-deprecated",
    ),
    pytest.param(
        "lambda",
        "lambda-os-only-runtimes",
        ["runtime clients from aws for go and rust"],
        [],
        id="lambda-go-rust-clients-from-aws",
    ),
    pytest.param(
        "lightsail",
        "lightsail-no-auto-scaling",
        ["no automatic scaling", "load balancers scale automatically"],
        [],
        id="lightsail-load-balancers-scale",
    ),
    pytest.param(
        "lightsail",
        "lightsail-high-availability",
        ["not automatic"],
        [],
        id="lightsail-ha-is-manual",
    ),
    pytest.param(
        "lightsail",
        "lightsail-plan-prices",
        ["$5 per month", "ipv6-only"],
        [],
        id="lightsail-starting-price",
    ),
    pytest.param(
        "lightsail",
        "lightsail-stopped-billing",
        ["including while stopped"],
        [],
        id="lightsail-billed-when-stopped",
    ),
    pytest.param("lambda", "lambda-tmp-storage", ["10,240 mb"], [], id="lambda-tmp-configurable"),
    pytest.param(
        "lambda", "lambda-payload", ["1 mb for asynchronous"], [], id="lambda-async-payload"
    ),
    pytest.param(
        "lambda",
        "lambda-scaling",
        ["1,000 execution environments every 10 seconds"],
        ["3,000"],
        id="lambda-scaling-rate",
    ),
    pytest.param("lambda", "lambda-pricing", ["1 ms"], ["100 ms"], id="lambda-ms-billing"),
    pytest.param(
        "ecr",
        "ecr-scanning-basic",
        ["aws-native", "clair", "deprecated"],
        [],
        id="ecr-clair-deprecated",
    ),
    pytest.param(
        "api-gateway",
        "api-gateway-timeout",
        ["29 seconds by default", "15 minutes"],
        [],
        id="api-gateway-timeout-raisable",
    ),
]


@pytest.mark.parametrize(("topic_id", "fact_id", "present", "absent"), CORRECTIONS)
def test_outdated_note_is_corrected(
    kb: KnowledgeBase, topic_id: str, fact_id: str, present: list[str], absent: list[str]
) -> None:
    text = covering_text(kb, topic_id, fact_id)
    assert [w for w in present if w not in text] == []
    assert [w for w in absent if w in text] == []
