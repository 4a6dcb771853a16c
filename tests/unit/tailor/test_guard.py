"""Adjustments the rules forbid are refused, each naming the exercise, the rule and its reason."""

from __future__ import annotations

import pytest

from planner import Rulebook, build_plan
from planner.errors import AdjustmentRefused, Refusal
from tests.conftest import make_profile

WRIST_3_WEEKS = [{"site": "wrist", "weeks_since": 3, "cause": "other"}]


def refusals(rulebook: Rulebook, **fields: object) -> list[Refusal]:
    with pytest.raises(AdjustmentRefused) as caught:
        build_plan(make_profile(**fields), rulebook)
    return caught.value.refusals


def test_adding_an_exercise_a_fired_rule_excludes_names_that_rule(rulebook: Rulebook) -> None:
    found = refusals(rulebook, fractures=WRIST_3_WEEKS, adjust={"add": ["wall_push_up"]})
    assert [(r.kind, r.exercise, r.rule) for r in found] == [("add", "wall_push_up", "R-WR-1")]
    assert "no weight through the hands" in found[0].reason


def test_swapping_in_an_excluded_exercise_is_refused_too(rulebook: Rulebook) -> None:
    found = refusals(
        rulebook, fractures=WRIST_3_WEEKS, adjust={"swap": ["sit_to_stand=wall_push_up"]}
    )
    assert ("swap", "wall_push_up", "R-WR-1") in [(r.kind, r.exercise, r.rule) for r in found]


def test_an_exercise_above_the_patients_ability_is_refused_by_the_ability_rule(
    rulebook: Rulebook,
) -> None:
    found = refusals(rulebook, ability="limited", adjust={"add": ["hopping"]})
    assert {r.rule for r in found} >= {"R-GEN-5"}


def test_a_cap_is_a_rule_too(rulebook: Rulebook) -> None:
    found = refusals(rulebook, fractures=WRIST_3_WEEKS, adjust={"add": ["low_jumps"]})
    assert any(r.rule == "R-WR-1" and "impact" in r.reason for r in found)


def test_supervision_the_patient_cannot_get_is_refused(rulebook: Rulebook) -> None:
    found = refusals(rulebook, adjust={"add": ["floor_rise_practice"]})
    assert [(r.exercise, r.rule) for r in found] == [("floor_rise_practice", "R-FLOOR-1")]


def test_equipment_the_patient_lacks_is_refused_with_what_is_needed(rulebook: Rulebook) -> None:
    found = refusals(rulebook, adjust={"add": ["stationary_cycling"]})
    assert found[0].rule is None and "needs an exercise bike" in found[0].reason
    plan = build_plan(
        make_profile(equipment=["exercise_bike"], adjust={"add": ["stationary_cycling"]}),
        rulebook,
    )
    assert "stationary_cycling" in {ex.slug for ex in plan.exercises()}


def test_a_swap_stays_within_one_kind_of_exercise(rulebook: Rulebook) -> None:
    found = refusals(rulebook, adjust={"swap": ["chin_tuck=sit_to_stand"]})
    assert "swap within one kind" in found[0].reason


def test_a_swap_needs_its_exercise_in_the_plan(rulebook: Rulebook) -> None:
    found = refusals(rulebook, adjust={"swap": ["tai_chi=tandem_stance"]})
    assert found[0].exercise == "tai_chi" and "not in this plan" in found[0].reason


def test_nothing_is_added_to_a_stopped_programme(rulebook: Rulebook) -> None:
    found = refusals(rulebook, red_flags=["chest_symptoms"], adjust={"add": ["chin_tuck"]})
    assert found and all(r.rule for r in found)
    assert "stopped" in found[0].reason


def test_the_message_names_exercise_rule_and_reason(rulebook: Rulebook) -> None:
    with pytest.raises(AdjustmentRefused) as caught:
        build_plan(
            make_profile(fractures=WRIST_3_WEEKS, adjust={"add": ["wall_push_up"]}), rulebook
        )
    assert str(caught.value).splitlines() == [
        "The rules do not allow these adjustments:",
        "add wall_push_up: no weight through the hands and nothing gripped while the wrist "
        "fracture is fresh (R-WR-1)",
    ]
    assert caught.value.exit_code == 2
