"""Exercise entries: doses by phase and the minutes they state or take, the safety tags, what
the handout needs of an entry, and equipment alternatives."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from planner import Rulebook
from planner.rulebook.exercises import REST_BETWEEN_SETS_S, SECONDS_PER_REP, Dose, Exercise, Tags
from planner.vocabulary import BOOL_TAGS, LEVEL_TAGS


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


def test_every_safety_tag_of_the_vocabulary_is_a_field_of_an_entry() -> None:
    assert set(Tags.model_fields) == set(BOOL_TAGS) | set(LEVEL_TAGS)


def entry(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "slug": "sit_to_stand",
        "name": "Sit to stand",
        "component": "resistance",
        "region": ["lower_limb"],
        "position": "seated",
        "equipment": ["firm_chair"],
        "ability": ["limited"],
        "tags": {
            **dict.fromkeys(BOOL_TAGS, False),
            "impact": "none",
            "aerobic_intensity": "none",
            "balance_challenge": "low",
        },
        "dose": {"text": "10", "start": {"reps": 10}, "target": {"reps": 10}},
        "sources": ["S"],
        "instructions": ["Sit tall.", "Stand up."],
        "support": "a firm chair",
        "safety_cue": "Stop if it hurts.",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"instructions": ["Stand up."]}, "give 2-4 instruction steps"),
        ({"instructions": ["a", "b", "c", "d", "e"]}, "give 2-4 instruction steps"),
        ({"support": None}, "support and safety_cue are printed on the handout; give both"),
        ({"safety_cue": None}, "support and safety_cue are printed on the handout; give both"),
        ({"ability": []}, "ability lists the levels the exercise suits"),
        ({"do_not_prescribe": True}, "a do-not-prescribe entry has an empty ability list"),
        (
            {"dose": {"text": "t", "start": {"reps": 10}, "target": {"reps": 8}}},
            "dose target.reps must be given with start.reps and be >= it",
        ),
    ],
)
def test_an_entry_the_handout_cannot_print_is_refused(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Exercise.model_validate(entry(**fields))


def test_a_do_not_prescribe_entry_needs_no_handout_text() -> None:
    banned = entry(do_not_prescribe=True, ability=[], instructions=[], support=None)
    assert Exercise.model_validate(banned).do_not_prescribe


def test_equipment_alternatives() -> None:
    ex = Exercise.model_validate(
        entry(
            equipment=["firm_chair", ["counter_or_sturdy_support", "wall"]],
            optional_equipment=["pillow"],
        )
    )
    assert ex.equipment_names() == {"firm_chair", "counter_or_sturdy_support", "wall", "pillow"}
    assert ex.equipment_for(frozenset({"firm_chair", "wall", "pillow"})) == [
        "firm_chair",
        "wall",
        "pillow",
    ]
    assert ex.equipment_for(frozenset({"wall"})) is None
    assert ex.missing_equipment(frozenset({"wall"})) == ["firm_chair"]
    assert ex.missing_equipment(frozenset({"firm_chair"})) == ["counter_or_sturdy_support or wall"]


def test_a_dose_on_other_rungs_takes_those_rungs_doses(rulebook: Rulebook) -> None:
    ex = rulebook.exercises["sit_to_stand"]
    start, mid, top = (ex.dose.at(p) for p in ("foundation", "build", "progress"))
    assert start != top
    moved = ex.on_rungs((1, 2, 2)).dose  # a block that starts where the last one reached build
    assert [moved.at(p) for p in ("foundation", "build", "progress")] == [mid, top, top]
    held = ex.held_at("foundation").dose
    assert [held.at(p) for p in ("foundation", "build", "progress")] == [start, start, start]
    assert ex.held_at("build").dose.at("foundation") == start  # a hold never raises a dose
    with pytest.raises(ValueError, match="rungs are 0, 1 or 2"):
        ex.on_rungs((0, 1, 3))
