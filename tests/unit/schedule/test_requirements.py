"""Meeting day requirements, and reporting the ones that cannot be met."""

from __future__ import annotations

from planner import Rulebook, build_plan
from planner.engine import decide
from planner.schedule.layout import Layout, max_days
from planner.schedule.pool import Pool
from planner.schedule.requirements import meet_requirements
from tests.conftest import having_only, make_profile


def test_each_requirement_is_met_by_a_permitted_exercise(rulebook: Rulebook) -> None:
    profile = make_profile(age=80, falls_12m=2)
    decisions = decide(profile, rulebook)
    pool = Pool.of(profile, decisions, rulebook)
    layout = Layout()
    meet_requirements(layout, decisions, pool, rulebook)
    assert not layout.unmet
    assigned = [req for reqs in layout.assigned.values() for req in reqs]
    assert sorted(assigned, key=id) == sorted(decisions.requirements, key=id)
    for component, reqs in layout.assigned.items():
        for req in reqs:
            assert any(req.requirement.match.matches(ex) for ex in layout.sets[component])
            assert layout.days[component] >= min(req.requirement.days, max_days(component))
    assert {ex.slug for ex in layout.chosen()} <= {ex.slug for ex in pool.exercises}


def test_scarce_equipment_is_reported_not_forced(rulebook: Rulebook) -> None:
    profile = make_profile(ability="frail", **having_only("walking_aid"))
    plan = build_plan(profile, rulebook)
    unmet = {u.rule: u.reason for u in plan.unmet}
    assert unmet, "nothing reported although almost no equipment is available"
    assert any("needs" in reason for reason in unmet.values())
    excluded = {e.slug for e in plan.excluded}
    assert not {e.slug for e in plan.exercises()} & excluded


def test_unmet_requirements_are_in_the_plan_json(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="frail", **having_only("walking_aid")), rulebook)
    data = plan.model_dump(mode="json")
    assert data["unmet"]
    assert set(data["unmet"][0]) == {"rule", "label", "required", "found", "reason", "accepted"}
    assert data["unmet"][0]["accepted"] is None  # only adjustments' shortfalls are accepted


def test_supervision_required_but_unavailable_is_unmet(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="frail", supervision_available=False), rulebook)
    assert plan.supervision.required
    unmet = [u for u in plan.unmet if u.rule == "R-FRAIL-1"]
    assert any(u.found == "no supervision available" for u in unmet)


def test_supervision_available_is_not_reported_unmet(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="frail", supervision_available=True), rulebook)
    assert not [u for u in plan.unmet if u.found == "no supervision available"]


def test_wrist_in_cast_moves_fingers_and_elbow_every_day(rulebook: Rulebook) -> None:
    cast = {"site": "wrist", "weeks_since": 3, "treatment": "cast", "in_cast": True}
    plan = build_plan(make_profile(fractures=[cast]), rulebook)
    for day in plan.weeks[0].days:
        planned = {e.slug: e for s in day.sessions for e in s.exercises}
        assert planned["finger_and_wrist_rom"].dose.frequency == "several times a day"


def test_humerus_in_sling_swings_and_moves_the_hand_every_day(rulebook: Rulebook) -> None:
    sling = {"site": "humerus", "weeks_since": 2, "in_cast": True}
    plan = build_plan(make_profile(fractures=[sling]), rulebook)
    for day in plan.weeks[0].days:
        planned = {e.slug for s in day.sessions for e in s.exercises}
        assert {"pendulum_shoulder", "finger_and_wrist_rom"} <= planned


def test_an_unmet_reason_names_exercises_and_equipment_in_words(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="frail", **having_only("walking_aid")), rulebook)
    reasons = " ".join(u.reason for u in plan.unmet)
    assert "needs a firm chair" in reasons  # the equipment's label, not its name
    for slug in rulebook.exercises:
        assert f"{slug} needs" not in reasons and f"{slug} is excluded" not in reasons
