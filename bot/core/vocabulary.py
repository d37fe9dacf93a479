"""Words the matcher treats specially: noise, comparison cues, small talk, and synonym groups."""

from __future__ import annotations

from bot.core.text import stem

# Words that carry no topic: function words, question scaffolding (also the exam's "Which solution
# meets these requirements with the LEAST operational overhead?") and chat noise.
NOISE = frozenset(
    """
    a an the is are was were be been being am do does did doing done have has had having i
    me my mine we us our you your it its this that these those there here they them their
    what whats what's which who whom whose where when why how hows how's can could should
    would will shall may might must of in on at to for from by with about into onto over
    under as than then so if and but also just only really very quite please pls plz kindly
    tell explain describe define meaning mean means overview summary info
    information know learn understand question ask asking want wanna need like give show let
    let's hey hi hello yo hiya bot studybot ok okay um uh hmm aws amazon service services
    thing things something anything stuff use using used get got make makes work works one
    any some all much many more most anyone anybody someone able or instead too
    support supports supported offer offers provide provides allow allows
    least operational overhead requirement requirements meet meets solution solutions
    """.split()
)

# Words that ask for a comparison when two services are named.
COMPARE_CUES = frozenset(
    """
    vs versus or compare compared comparing comparison difference differences different
    differ between better worse choose choosing pick instead against which whether
    cheaper pricier costlier faster slower than
    """.split()
)

# Messages that are chat, not questions: the bot answers politely and declines.
SMALL_TALK = {
    "thanks": "You're welcome! Ask me about any AWS compute service any time.",
    "thank": "You're welcome! Ask me about any AWS compute service any time.",
    "thx": "You're welcome!",
    "ty": "You're welcome!",
    "hi": "Hi! Ask me about Docker, ECS, Fargate, ECR, Lambda, API Gateway, Batch or Lightsail.",
    "hello": "Hello! Ask me about Docker, ECS, Fargate, ECR, Lambda, API Gateway, Batch or Lightsail.",
    "hey": "Hey! Ask me about Docker, ECS, Fargate, ECR, Lambda, API Gateway, Batch or Lightsail.",
    "bye": "Bye! Happy studying.",
}

# Groups of words that mean the same thing in questions about cloud services. A word in a question
# also matches the other words of its group, at a lower weight.
_SYNONYM_GROUPS = [
    "price pricing cost costs pay paid billing billed bill charge charged fee fees cheap cheaper "
    "expensive affordable money spend dollars priced",
    "limit limits maximum max quota quotas cap ceiling longest largest biggest upper",
    "time duration long hours minutes seconds timeout runtime-limit lasting",
    "language languages runtime runtimes programming",
    "scale scaling autoscaling autoscale elastic grow shrink concurrency",
    "store storing save keep host hold upload push repository registry",
    "server servers instance instances vm vms machine machines vps",
    "private privately secure internal own",
    "simple easy easiest beginner beginners novice starter basic newcomer",
    "cheap low predictable budget inexpensive",
    "job jobs workload workloads task tasks",
    "endpoint endpoints api apis url http https rest expose route",
    "event events trigger triggers triggered invoke invoked invocation react",
    "monitor monitoring log logs logging metrics observability",
    "serverless serverless",
    "image images",
    "container containers containerized containerised",
    "disk storage tmp ephemeral volume space",
    "run running execute execution executions",
    "maintain maintained manage managed administer operate patch provision provisioned",
]


def _build_synonyms() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in _SYNONYM_GROUPS:
        stems = {stem(w) for w in group.split()}
        for s in stems:
            table.setdefault(s, set()).update(stems - {s})
    return {k: frozenset(v) for k, v in table.items()}


SYNONYMS = _build_synonyms()
NOISE_STEMS = frozenset(stem(w) for w in NOISE)

# Words that make a one-service question an attribute question even without another content word.
TAG_WORDS: dict[str, tuple[str, ...]] = {
    "pricing": ("price", "cost", "pay", "bill", "charge", "cheap", "expensive", "free", "fee"),
    "limits": ("limit", "max", "maximum", "quota", "timeout", "long", "size", "big", "minimum"),
    "runtimes": ("language", "runtime", "python", "java", "node", "go", "golang", "rust", "ruby"),
    "scaling": ("scale", "scaling", "autoscaling", "concurrency", "grow"),
    "storage": ("storage", "disk", "tmp", "ephemeral", "volume", "store"),
    "networking": ("network", "vpc", "ip", "load", "balancer", "dns", "port"),
    "integrations": ("integrate", "integration", "connect", "trigger", "event", "source"),
    "security": ("security", "secure", "iam", "auth", "authorization", "permission", "encrypt"),
    "monitoring": ("monitor", "monitoring", "log", "logs", "metric", "cloudwatch", "trace"),
    "deployment": ("deploy", "deployment", "package", "zip", "image", "container", "build"),
    "use-cases": ("use", "case", "when", "good", "for", "suit", "best"),
    "availability": ("availability", "available", "ha", "zone", "region", "redundant", "failover"),
}
TAG_STEMS: dict[str, frozenset[str]] = {
    tag: frozenset(stem(w) for w in ws) for tag, ws in TAG_WORDS.items()
}
