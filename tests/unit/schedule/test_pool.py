"""The pool: permitted exercises whose equipment the patient has; unknown equipment refused."""

from __future__ import annotations

import pytest

from planner import Rulebook, build_plan
from planner.engine import decide
from planner.errors import ProfileError
from planner.schedule.pool import Pool, check_equipment
from tests.conftest import having_only, make_profile


def test_household_basics_are_at_hand_when_no_equipment_is_given(rulebook: Rulebook) -> None:
    profile = make_profile()
    pool = Pool.of(profile, decide(profile, rulebook), rulebook)
    assert pool.available == rulebook.household


def test_the_pool_holds_nothing_excluded_or_out_of_reach(rulebook: Rulebook) -> None:
    profile = make_profile(ability="frail", **having_only("firm_chair"))
    decisions = decide(profile, rulebook)
    pool = Pool.of(profile, decisions, rulebook)
    assert pool.available == frozenset({"firm_chair"})
    assert pool.exercises
    for ex in pool.exercises:
        assert ex.slug not in decisions.exclusions
        assert ex.equipment_for(pool.available) is not None
    order = list(rulebook.exercises)
    assert [order.index(ex.slug) for ex in pool.exercises] == sorted(
        order.index(ex.slug) for ex in pool.exercises
    )


def test_unknown_equipment_names_the_field_and_a_suggestion(rulebook: Rulebook) -> None:
    known = sorted(rulebook.vocabulary)[0]
    profile = make_profile(equipment=[known, known + "x"])
    with pytest.raises(ProfileError) as caught:
        check_equipment(profile, rulebook)
    (problem,) = caught.value.problems
    assert problem.field == "equipment[1]"
    assert known in str(problem.suggestion)
    with pytest.raises(ProfileError):
        build_plan(profile, rulebook)


def test_floor_rise_practice_needs_supervision_not_a_helper(rulebook: Rulebook) -> None:
    household = list(rulebook.household) + ["helper"]
    unsupervised = make_profile(equipment=household, supervision_available=False)
    decisions = decide(unsupervised, rulebook)
    assert "R-FLOOR-1" in decisions.exclusions["floor_rise_practice"].rules
    pool = Pool.of(unsupervised, decisions, rulebook)
    assert "floor_rise_practice" not in {ex.slug for ex in pool.exercises}
    supervised = make_profile(equipment=household, supervision_available=True)
    assert "floor_rise_practice" not in decide(supervised, rulebook).exclusions


def test_red_flag_plan_is_gentle_walking_and_posture_only(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["cast_problem"]), rulebook)
    components = {e.component for e in plan.exercises()}
    assert components <= {"aerobic", "posture", "mobility"}
    assert all(e.tags["aerobic_intensity"] in ("none", "light") for e in plan.exercises())
