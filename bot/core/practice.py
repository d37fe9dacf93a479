"""Practice on demand: spaced repetition (FSRS) over the questions a person got wrong before."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from bot.core.identity import Player
from bot.core.ports import PracticeCard, QuizStore
from bot.core.questionbank import QuestionBank, QuizQuestion, question_token
from bot.core.quiz import LETTERS, Shown, option_order, read_answer, seed_for
from bot.core.replies import Choice, Link, Reply

# No fuzzing: the same answers on the same dates give the same schedule (tests and replicas agree).
_SCHEDULER = Scheduler(enable_fuzzing=False)


def pick_practice(
    bank: QuestionBank,
    cards: Sequence[PracticeCard],
    missed: Sequence[str],
    now: datetime,
    rng: random.Random,
) -> str | None:
    """Due cards first (earliest due), then daily questions missed and not yet practised, then the
    card due soonest, then any question never practised."""
    known = [c for c in cards if bank.get(c.question_id)]
    due = [c for c in known if c.due <= now]
    if due:
        return min(due, key=lambda c: (c.due, c.question_id)).question_id
    carded = {c.question_id for c in cards}
    fresh_missed = [q for q in missed if q not in carded and bank.get(q)]
    if fresh_missed:
        return fresh_missed[0]
    unseen = [q.id for q in bank.for_topics(()) if q.id not in carded]
    if unseen:
        return rng.choice(unseen)
    return min(known, key=lambda c: (c.due, c.question_id)).question_id if known else None


def new_card(question_id: str, owner: str, now: datetime) -> PracticeCard:
    """A fresh card, due now, with an id derived from the owner and question (no clock randomness)."""
    card = Card(card_id=seed_for(owner, question_id) % 2**40, due=now)
    return PracticeCard(question_id, card.to_json(), now)


def review(card: PracticeCard, correct: bool, now: datetime) -> PracticeCard:
    """The card after one practice answer: Good when right, Again when wrong."""
    rating = Rating.Good if correct else Rating.Again
    updated, _log = _SCHEDULER.review_card(Card.from_json(card.card_json), rating, now)
    return PracticeCard(card.question_id, updated.to_json(), updated.due, pending=False)


def practice_value(question_id: str, index: int) -> str:
    """The button value for option `index` of a practice question."""
    return f"practice:{question_token(question_id)}:{index}"


class PracticeDesk:
    """`quiz practice` and its answers: private, scheduled by FSRS, never on the leaderboard."""

    def __init__(self, store: QuizStore, bank: QuestionBank) -> None:
        self.store = store
        self.bank = bank

    def next_question(self, player: Player, now: datetime) -> Reply:
        cards = self.store.practice_cards(player)
        rng = random.Random(
            seed_for(player.platform, player.workspace, player.user_id, now.isoformat())
        )
        qid = pick_practice(self.bank, cards, self.store.missed_questions(player), now, rng)
        question = self.bank.get(qid) if qid else None
        if question is None:
            return Reply("There are no questions to practise yet.", "info", private=True)
        for card in cards:
            if card.pending and card.question_id != question.id:
                self.store.save_practice_card(player, replace(card, pending=False))
        found = next((c for c in cards if c.question_id == question.id), None)
        card = found or new_card(question.id, _owner(player), now)
        self.store.save_practice_card(player, replace(card, pending=True))
        shown = self._shown(question, player)
        text = shown.text("Practice (just for you; it does not change the leaderboard):")
        text += "\nYour next `answer A`-`D` goes to this practice question."
        choices = tuple(
            Choice(LETTERS[i], opt, practice_value(question.id, i))
            for i, opt in enumerate(shown.options)
        )
        return Reply(
            text,
            "quiz",
            title="Practice",
            lead=question.prompt,
            choices=choices,
            quiz_id=f"practice:{question_token(question.id)}",
            private=True,
        )

    def pending(self, player: Player) -> str | None:
        """The practice question this person was given and has not answered, if any."""
        return next((c.question_id for c in self.store.practice_cards(player) if c.pending), None)

    def answer(
        self, player: Player, question_id: str, text_or_index: str | int, now: datetime
    ) -> Reply:
        question = self.bank.get(question_id)
        if question is None:
            return Reply("That practice question no longer exists.", "error", private=True)
        shown = self._shown(question, player)
        index = text_or_index
        if isinstance(index, str):
            reading = read_answer(index, shown.options)
            if reading.index is None:
                return Reply(reading.hint or "Answer with A-D.", "receipt", private=True)
            index = reading.index
        cards = {c.question_id: c for c in self.store.practice_cards(player)}
        card = cards.get(question_id) or new_card(question_id, _owner(player), now)
        correct = index == shown.correct
        reviewed = review(card, correct, now)
        self.store.save_practice_card(player, reviewed)
        verdict = (
            "Correct!"
            if correct
            else f"Not quite: it is {LETTERS[shown.correct]}) {shown.options[shown.correct]}."
        )
        text = f"Practice: {verdict}\n{question.explanation}\nNext review: {reviewed.due:%Y-%m-%d %H:%M} UTC."
        return Reply(text, "receipt", private=True, links=(Link("source", question.source),))

    def _shown(self, question: QuizQuestion, player: Player) -> Shown:
        return Shown.of(question, option_order(question, "practice", _owner(player)))


def _owner(player: Player) -> str:
    return f"{player.platform}:{player.workspace}:{player.user_id}"
