"""Cleaning chat text and reading negation."""

from __future__ import annotations

import pytest

from bot.core.text import MAX_MESSAGE_CHARS, clean_message, polar_stems, stem, words
from bot.core.vocabulary import NOISE


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<@U123ABC> what is fargate", "what is fargate"),
        ("@studybot what is fargate", "what is fargate"),
        ("what is lam\u200bb\u200dda\u2060?", "what is lambda?"),
        ("\u202ewhat is ecs\u202c", "what is ecs"),
        ("what is ecr 🚀🔥", "what is ecr"),
        ("line\nbreak\tand\x00nul", "line break and nul"),
        ("ｗｈａｔ ｉｓ ｌａｍｂｄａ", "what is lambda"),
        ("see <https://aws.amazon.com/lambda|the docs>", "see the docs"),
        ("   ", ""),
    ],
)
def test_clean_message(raw: str, clean: str) -> None:
    assert clean_message(raw) == clean


def test_long_messages_are_cut() -> None:
    assert len(clean_message("lambda " * 50_000)) == MAX_MESSAGE_CHARS


def test_accents_fold() -> None:
    assert words("Qu'est-ce que Fargaté?") == ["qu'est", "ce", "que", "fargate"]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("run containers without managing servers", {"!manag", "!server"}),
        ("servers I maintain", set()),
        ("code without servers in response to events", {"!server"}),
        ("lightsail has no auto scaling", {"!auto", "!scale"}),
        ("I don't want to manage servers", {"!manag", "!server"}),
        (
            "not patch or scale any instances or manage capacity",
            {"!patch", "!scale", "!instanc", "!manag", "!capac"},
        ),
    ],
)
def test_negation_scope(text: str, negated: set[str]) -> None:
    assert {s for s in polar_stems(words(text), NOISE) if s.startswith("!")} == negated


@pytest.mark.parametrize(
    ("word", "stemmed"), [("gpus", "gpu"), ("vpcs", "vpc"), ("apis", "api"), ("class", "class")]
)
def test_acronym_plurals_meet_their_singular(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed
