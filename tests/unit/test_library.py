"""Exercise entries: doses by phase and the minutes they state or take."""

from __future__ import annotations

import pytest

from planner.rulebook.exercises import REST_BETWEEN_SETS_S, SECONDS_PER_REP, Dose


def dose(start: dict[str, int], target: dict[str, int], **more: object) -> Dose:
    return Dose.model_validate({"text": "t", "start": start, "target": target, **more})


@pytest.mark.parametrize(
    ("start", "stated"),
    [
        ({"minutes": 10}, 10.0),  # a stated duration
        ({"minutes": 5, "sets": 2}, 10.0),  # duration x sets
        ({"sets": 2, "reps": 3, "hold_s": 30}, 3.0),  # sets x reps x hold seconds
        ({"reps": 4, "hold_s": 15}, 1.0),  # no sets: one set
        ({"sets": 3, "reps": 10}, 0.0),  # repetitions alone state no time
    ],
)
def test_stated_minutes_are_what_the_dose_says(start: dict[str, int], stated: float) -> None:
    assert dose(start, start).stated_minutes("foundation") == stated


def test_stated_minutes_do_not_count_the_second_side() -> None:
    assert (
        dose({"reps": 2, "hold_s": 30}, {"reps": 2, "hold_s": 30}, per_side=True).stated_minutes(
            "progress"
        )
        == 1.0
    )


def test_minutes_taken_count_both_sides_and_rests() -> None:
    d = dose({"sets": 2, "reps": 10}, {"sets": 2, "reps": 10}, per_side=True)
    seconds = 2 * 10 * SECONDS_PER_REP * 2 + REST_BETWEEN_SETS_S
    assert d.minutes_at("foundation") == -(-seconds // 60)


def test_the_build_phase_is_halfway_rounded_up() -> None:
    d = dose({"minutes": 3}, {"minutes": 6})
    assert [d.at(p).minutes for p in ("foundation", "build", "progress")] == [3, 5, 6]
