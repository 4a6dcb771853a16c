"""The steps against the dose: every number, "rest and repeat" and weight a step states agrees
with the dose the handout prints for weeks 1-4, 5-8 and 9 on."""

from __future__ import annotations

import math
from typing import Any

import pytest

from planner.rulebook.checks.dose import check_step_doses, dose_numbers
from planner.rulebook.checks.entries import Finding
from tests.unit.rulebook.checks.library import entry

HEEL_DROPS = {
    "text": "10 drops, rest, repeat",
    "start": {"sets": 1, "reps": 10},
    "target": {"sets": 5, "reps": 10},
    "load": "body weight",
}
KNEE_EXTENSION = {
    "text": "10 repetitions, 2 sets each leg",
    "per_side": True,
    "start": {"sets": 1, "reps": 10},
    "target": {"sets": 2, "reps": 10},
    "load": "no weight at first (your leg's own weight)",
    "load_target": "an ankle cuff weight, once you have one, heavy enough that 10 lifts are hard work",
}
STANCE = {
    "text": "hold 10-30 s, 3 times each foot forward",
    "per_side": True,
    "start": {"sets": 1, "reps": 3, "hold_s": 10},
    "target": {"sets": 1, "reps": 3, "hold_s": 30},
}


def doses(dose: dict[str, Any], *steps: str) -> list[Finding]:
    return check_step_doses(entry(dose=dose, instructions=list(steps)))


def reps(start: int, target: int, **more: Any) -> dict[str, Any]:
    return {"text": "t", "start": {"reps": start}, "target": {"reps": target}, **more}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do 10, rest for a moment, and repeat.", [("reps", 10, 10)]),
        ("Do 5 to 10 hops, then change legs.", [("reps", 5, 10)]),
        ("Repeat 8 to 12 times.", [("reps", 8, 12)]),
        ("Relax and repeat 5 to 10 times each way.", [("reps", 5, 10)]),
        ("Take 10 steps, turn, and come back.", [("reps", 10, 10)]),
        ("Rack the bar after each set of 5.", [("reps", 5, 5)]),
        ("Do 2 sets.", [("sets", 2, 2)]),
        ("Repeat up to 10 times.", [("reps", 0, 10)]),
        ("Hold for 10 seconds, building to 30.", [("hold_s", 10, 30)]),
        ("Hold for a count of 3, then lower slowly.", [("hold_s", 3, 3)]),
        ("Keep going for 20 minutes or more.", [("minutes", 20, math.inf)]),
        ("Stay for 2 to 5 minutes if comfortable.", [("minutes", 2, 5)]),
        ("Warm up with 5 minutes of brisk walking.", []),
        ("Stand on a 10-20 cm step.", []),
        ("Walk steadily for 10 to 20 metres.", []),
        ("Do 20 to 30 movements every hour you are resting.", [("reps", 20, 30)]),
        ("Repeat 2 or 3 times a day.", []),
    ],
)
def test_what_counts_as_a_dose_number(text: str, expected: list[tuple[str, float, float]]) -> None:
    assert [(n.field, n.low, n.high) for n in dose_numbers(text)] == expected


def test_dose_numbers_come_in_the_order_they_are_said() -> None:
    found = dose_numbers("Do 2 sets; hold for 5 seconds, then repeat 10 times.")
    assert [(n.field, n.said) for n in found] == [
        ("sets", "2 sets"),
        ("hold_s", "5 seconds"),
        ("reps", "repeat 10"),
    ]


# --- numbers ---------------------------------------------------------------------------------


def test_a_number_one_phase_does_not_print_is_found_for_each_such_phase() -> None:
    (found,) = doses(STANCE, "Stand beside a counter.", "Look ahead and hold for 30 seconds.")
    assert found.field == "exercises[0].instructions[1]"
    assert found.message == (
        'the step says "30 seconds" but weeks 1-4 print "3 holds of 10 s"; '
        'weeks 5-8 print "3 holds of 20 s"'
    )


def test_a_range_that_holds_every_phase_passes() -> None:
    assert doses(STANCE, "Stand.", "Hold for 10 seconds, building to 30.") == []
    assert doses(reps(8, 12), "Sit.", "Repeat 8 to 12 times.") == []


def test_repetitions_the_handout_does_not_print_are_found() -> None:
    (found,) = doses(reps(10, 10), "Sit.", "Repeat 12 times.")
    assert found.message.startswith('the step says "Repeat 12" but weeks 1-4 print "10 times"')


def test_seconds_and_minutes_are_dose_numbers_only_when_the_dose_has_them() -> None:
    intervals = {"text": "t", "start": {"minutes": 10}, "target": {"minutes": 20}}
    assert doses(intervals, "Jog for 30 seconds, then walk.", "Keep going.") == []
    assert doses(reps(10, 10), "Hold for 5 seconds.", "Rest for 2 minutes.") == []
    (found,) = doses(intervals, "Walk for 30 minutes.", "Rest.")
    assert 'the step says "for 30 minutes"' in found.message


# --- rest and repeat -------------------------------------------------------------------------


def test_rest_and_repeat_against_one_set_is_found_for_those_phases_only() -> None:
    (found,) = doses(HEEL_DROPS, "Stand tall.", "Do 10, rest for a moment, and repeat.")
    assert found.message == (
        'the step says "rest for a moment, and repeat" (a second set after a rest) but '
        'weeks 1-4 print "1 set of 10"'
    )  # the cards never print "body weight"


@pytest.mark.parametrize(
    "dose",
    [
        {"text": "t", "start": {"sets": 2, "reps": 10}, "target": {"sets": 3, "reps": 10}},
        reps(3, 5),  # "3 times": each time is one
        {"text": "t", "start": {"reps": 3, "hold_s": 10}, "target": {"reps": 3, "hold_s": 30}},
        {"text": "t", "start": {"sets": 2, "minutes": 5}, "target": {"sets": 2, "minutes": 5}},
    ],
)
def test_rest_and_repeat_passes_a_dose_of_two_or_more_bouts(dose: dict[str, Any]) -> None:
    assert doses(dose, "Stand tall.", "Rest, then repeat.") == []


def test_rest_and_repeat_against_one_timed_bout_is_found() -> None:
    walk = {"text": "t", "start": {"minutes": 10}, "target": {"minutes": 20}}
    (found,) = doses(walk, "Walk briskly.", "Rest and repeat.")
    assert "(a second set after a rest)" in found.message
    assert 'weeks 1-4 print "10 min"' in found.message


def test_the_corrected_wording_passes() -> None:
    assert (
        doses(HEEL_DROPS, "Rise up.", "Do 10, then rest; do the number of sets shown in your plan.")
        == []
    )
    assert (
        doses(
            KNEE_EXTENSION,
            "Sit upright in a firm chair (with an ankle cuff weight strapped on, once you have one).",
            "Do the sets of 10 shown in your plan, then change legs.",
        )
        == []
    )


# --- weights ---------------------------------------------------------------------------------


def test_a_weight_from_the_start_against_no_weight_at_first_is_found() -> None:
    found = doses(
        KNEE_EXTENSION,
        "Sit upright in a firm chair with an ankle weight strapped on.",
        "Do 10, rest, do 10 more, then change legs.",
    )
    assert [f.field for f in found] == [
        "exercises[0].instructions[0]",
        "exercises[0].instructions[1]",
    ]
    assert found[0].message.startswith(
        'the step says "ankle weight" (a weight from the start) but weeks 1-4 print '
        '"1 set of 10, no weight at first (your leg\'s own weight)"; weeks 5-8 print'
    )
    assert "week 9" not in found[0].message  # the target load is the weight
    assert 'the step says "do 10 more" (a second set after a rest)' in found[1].message


def test_a_weight_in_kg_must_be_printed_in_every_phase() -> None:
    dose = reps(10, 10, load="2 kg", load_target="3 kg")
    (found,) = doses(dose, "Hold a 2 kg weight.", "Lift it.")
    assert found.message == 'the step says "2 kg" but week 9 on print "10 times, 3 kg"'
    assert doses(reps(10, 10, load="2 kg"), "Hold a 2 kg weight.", "Lift it.") == []


def test_a_weight_in_kg_is_not_matched_inside_a_larger_number() -> None:
    (found,) = doses(reps(10, 10, load="12 kg"), "Hold a 2 kg weight.", "Lift it.")
    assert 'the step says "2 kg"' in found.message
