"""Cleaning chat text and reading negation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.text import MAX_MESSAGE_CHARS, clean_message, fold, polar_stems, stem, words
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


_WORD_PATTERN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_URL_PATTERN = re.compile(r"https?://\S+")


@given(st.text(alphabet=st.sampled_from("abZ09 .'\t\n-,:/éßhtps\u200b"), max_size=60))
def test_words_are_the_regex_words_of_the_folded_text(text: str) -> None:
    """`words` takes shortcuts for plain ASCII; they must give what the one regex gives."""
    assert words(text) == _WORD_PATTERN.findall(_URL_PATTERN.sub(" ", fold(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's e.g. 1.5 GiB.", ["it's", "e.g", "1.5", "gib"]),
        ("a..b 'quoted' end.", ["a", "b", "quoted", "end"]),
        ("see https://aws.amazon.com/ecs now", ["see", "now"]),
        ("Café Münster", ["cafe", "munster"]),
    ],
)
def test_words_examples(text: str, expected: list[str]) -> None:
    assert words(text) == expected
