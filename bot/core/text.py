"""Cleaning chat text: mentions, emoji, odd unicode and noise out; plain lowercase words in."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_MESSAGE_CHARS = 4000
"""Longer messages are cut before matching, so any input is answered in bounded time."""

_MENTION = re.compile(r"<[@#!][^>]{0,80}>|(?<!\w)@\w+")
_SLACK_LINK = re.compile(r"<(https?://[^|>]{1,500})(?:\|([^>]{0,200}))?>")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_SPACES = re.compile(r"\s+")
# A mark in a run, or not between two letters or digits (written to start with the mark, so the
# regex engine skips straight to marks).
_LOOSE_MARKS = re.compile(r"[.'](?:[.']+|(?![a-z0-9])|(?<![a-z0-9][.']))")
_WORD_BYTES = bytes(
    b if chr(b) in "abcdefghijklmnopqrstuvwxyz0123456789.'" else 32 for b in range(256)
)
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """The message as a person meant it: normalized unicode, no control or zero-width characters,
    mentions of the bot removed, whitespace collapsed, cut to `limit` characters."""
    text = text[: limit * 2]
    if text.isascii():  # the common case: only control characters need replacing
        text = _ASCII_CONTROL.sub(" ", text)
    else:
        text = unicodedata.normalize("NFKC", text)
        text = "".join(_visible(ch) for ch in text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _MENTION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()[:limit]


def _visible(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat == "Cf":  # zero-width and bidi marks vanish, so "lamb\u200bda" stays one word
        return ""
    # Cc: control; Co/Cn/Cs: private-use, unassigned, surrogates; So: emoji; Z*: odd spaces.
    if cat in ("Cc", "Co", "Cn", "Cs", "So") or cat.startswith("Z"):
        return " "
    return ch


def fold(text: str) -> str:
    """Lowercase ASCII-ish form for matching: accents dropped, casefolded."""
    if text.isascii():  # most text, and nothing to decompose: the same result, many times faster
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text, folded: `"What's Fargate?!"` -> `["what's", "fargate"]`."""
    folded = fold(text)
    if "http" in folded:
        folded = _URL.sub(" ", folded)
    if not folded.isascii():
        return _WORD.findall(folded)
    # The same words as _WORD finds, several times faster (a knowledge base is tokenized at load):
    # anything but letters, digits, dots and apostrophes splits, and so do dots and apostrophes
    # that are not single marks inside a word ("e.g.", "it's." -> "e.g", "it's").
    spaced = folded.encode().translate(_WORD_BYTES).decode()
    if "." in spaced or "'" in spaced:
        spaced = _LOOSE_MARKS.sub(" ", spaced)
    return spaced.split()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """English Snowball stem, so `stored`, `stores` and `storing` meet at `store`; acronym plurals
    Snowball leaves alone (`gpus`, `vpcs`) lose their `s` too."""
    if not word.isalpha():
        return word
    stemmed = _STEMMER.stemWord(word)
    if stemmed == word and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return stemmed


_STEMMER = snowballstemmer.stemmer("english")


NEGATIONS = frozenset(
    [
        "no",
        "not",
        "without",
        "never",
        "nor",
        "cannot",
        "can't",
        "don't",
        "dont",
        "doesn't",
        "doesnt",
        "isn't",
        "aren't",
        "won't",
        "needn't",
        "shouldn't",
        "wasn't",
        "weren't",
        "stop",
        "avoid",
        "avoids",
        "avoiding",
        "eliminate",
        "eliminates",
        "eliminating",
    ]
)
NEGATION_SPAN = 3
_SCOPE_ENDS = frozenset(
    [
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "by",
        "with",
        "but",
        "so",
        "because",
        "that",
        "which",
        "who",
        "when",
        "while",
        "where",
        "then",
    ]
)


_LIST_GOES_ON = frozenset(["or", "nor"])
"""A negation reaches across a list: "not provision, patch or scale instances or manage clusters"."""


def polar_stems(tokens: list[str], noise: frozenset[str]) -> list[str]:
    """Stems of `tokens`, with `!` before the content words a negation covers: in "without managing
    servers", `!manag` and `!server`, so it no longer matches "servers I manage"."""
    out: list[str] = []
    left = negated = 0
    for token in tokens:
        if token in NEGATIONS:
            left, negated = NEGATION_SPAN, 0
            out.append(token)
            continue
        if token in _SCOPE_ENDS and negated:  # "don't want to manage": scope reaches "manage"
            left = 0
        elif token in _LIST_GOES_ON and negated and left < NEGATION_SPAN:
            left = NEGATION_SPAN  # "no patching, scaling or managing instances": one more item
        s = stem(token)
        if left and token not in noise:
            left -= 1
            negated += 1
            s = "!" + s
        out.append(s)
    return out
