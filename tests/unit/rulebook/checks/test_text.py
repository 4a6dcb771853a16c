"""The words an entry prints, split into clauses, and negations that govern a phrase."""

from __future__ import annotations

import pytest

from planner.rulebook.checks.text import clauses, negated, printed_texts
from tests.unit.rulebook.checks.library import entry


def test_printed_texts_are_the_steps_then_the_support_then_the_cue() -> None:
    ex = entry(
        instructions=["Sit tall.", "Stand up.", "Sit down."],
        support="Hold the chair arms.",
        safety_cue="Stop if dizzy.",
    ).exercise
    assert list(printed_texts(ex)) == [
        (("instructions", 0), "Sit tall."),
        (("instructions", 1), "Stand up."),
        (("instructions", 2), "Sit down."),
        (("support",), "Hold the chair arms."),
        (("safety_cue",), "Stop if dizzy."),
    ]


def test_an_entry_that_prints_no_support_or_cue_gives_only_its_steps() -> None:
    ex = entry(do_not_prescribe=True, ability=[], support=None, safety_cue=None).exercise
    assert [keys for keys, _ in printed_texts(ex)] == [("instructions", 0), ("instructions", 1)]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Sit tall. Stand up! Ready? Go", ["Sit tall", "Stand up", "Ready", "Go"]),
        ("Hold on; then let go: slowly", ["Hold on", "then let go", "slowly"]),
        ("Use a chair (one with arms) to rise", ["Use a chair", "one with arms", "to rise"]),
        ("Lift 1.5 kg, then rest.", ["Lift 1.5 kg, then rest"]),  # a decimal point is no stop
        ("A 10-20 cm step", ["A 10-20 cm step"]),
        ("  ", []),
    ],
)
def test_clauses_are_sentences_semicolon_parts_and_parentheses(text: str, parts: list[str]) -> None:
    assert clauses(text) == parts


@pytest.mark.parametrize(
    ("clause", "phrase", "expected"),
    [
        ("Do not get down onto the floor", "onto the floor", True),
        ("Never let go of the counter", "let go", True),
        ("Don't use a mat", "mat", True),
        ("Do it without the stick", "stick", True),
        ("Use the bed instead of a mat", "mat", True),
        ("Avoid kneeling on the floor", "on the floor", True),
        ("No need for a band", "band", True),
        ("Let go of the counter", "go of", False),
        ("Know your limits and use a mat", "mat", False),  # "know" is not "no"
        ("Not one two three four five six mat", "mat", False),  # seven words back
        ("Not one two three four five mat", "mat", True),
    ],
)
def test_a_negation_governs_a_phrase_within_six_words_before_it(
    clause: str, phrase: str, expected: bool
) -> None:
    assert negated(clause, clause.index(phrase)) is expected
