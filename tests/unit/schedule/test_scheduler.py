"""schedule(): the decisions laid out as a Schedule whose weeks, dates and unmet requirements are
what the plan reports; a stopped programme has no weeks."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import Rulebook, build_plan
from planner.engine import decide
from planner.profile.model import Profile
from planner.schedule.days import DAY_BUDGET
from planner.schedule.scheduler import Schedule, schedule
from planner.schedule.weeks import DEFAULT_WEEKS
from planner.vocabulary import COMPONENTS
from tests.conftest import having_only, make_profile

PROFILES = {
    "fit": make_profile(ability="fit"),
    "acute_vertebral": make_profile(
        age=74, ability="limited", fractures=[{"site": "vertebral", "weeks_since": 3}]
    ),
    "chair_only": make_profile(age=85, ability="frail", **having_only("firm_chair")),
    "gentle_red_flag": make_profile(red_flags=["new_back_pain"]),
}


def scheduled(profile: Profile, rulebook: Rulebook, weeks: int = DEFAULT_WEEKS) -> Schedule:
    return schedule(profile, decide(profile, rulebook), rulebook, weeks=weeks)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_schedule_is_what_the_plan_reports(name: str, rulebook: Rulebook) -> None:
    profile = PROFILES[name]
    made = scheduled(profile, rulebook)
    plan = build_plan(profile, rulebook)
    assert made.weeks == plan.weeks
    assert made.start == plan.start_date
    assert made.review == plan.review_date
    assert made.unmet == plan.unmet
    planned = {ex.slug for ex in plan.exercises()}
    assert planned == {ex.slug for ex in made.chosen}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_weeks_start_on_the_monday_after_assessment_and_run_the_horizon(
    name: str, rulebook: Rulebook
) -> None:
    made = scheduled(PROFILES[name], rulebook, weeks=6)
    assert made.start == dt.date(2026, 11, 23)  # assessed on Saturday 21 November 2026
    assert [w.week for w in made.weeks] == [1, 2, 3, 4, 5, 6]
    assert all(len(w.days) == 7 for w in made.weeks)
    assert made.review is not None and made.start < made.review <= made.start + dt.timedelta(
        weeks=6
    )


def test_the_review_date_is_the_end_of_an_acute_window(rulebook: Rulebook) -> None:
    made = scheduled(PROFILES["acute_vertebral"], rulebook)
    # under 6 weeks from a vertebral fracture 3 weeks before assessment
    assert made.review == dt.date(2026, 11, 21) + dt.timedelta(weeks=3, days=1)


def test_the_review_date_is_the_plans_end_without_a_window(rulebook: Rulebook) -> None:
    made = scheduled(PROFILES["fit"], rulebook, weeks=8)
    assert made.review == made.start + dt.timedelta(weeks=8)


def test_a_requirement_that_cannot_be_met_is_reported_not_forced(rulebook: Rulebook) -> None:
    profile = PROFILES["chair_only"]
    decisions = decide(profile, rulebook)
    made = schedule(profile, decisions, rulebook)
    assert {u.rule for u in made.unmet} >= {"R-GEN-2", "R-GEN-6"}
    assert made.weeks, "what can be planned still is"
    for ex in made.chosen:
        assert ex.slug not in decisions.exclusions
        assert ex.equipment_for(made.pool.available) is not None


def test_the_day_budget_follows_ability(rulebook: Rulebook) -> None:
    for ability, minutes in DAY_BUDGET.items():
        made = scheduled(make_profile(ability=ability), rulebook, weeks=1)
        assert made.budget == minutes
        assert all(day.minutes <= minutes for day in made.weeks[0].days)


def test_chosen_exercises_go_component_by_component_in_library_order(
    rulebook: Rulebook,
) -> None:
    made = scheduled(PROFILES["fit"], rulebook)
    order = list(rulebook.exercises)
    components = [ex.component for ex in made.chosen]
    assert components == sorted(components, key=COMPONENTS.index)
    for component in set(components):
        slugs = [ex.slug for ex in made.chosen if ex.component == component]
        assert slugs == sorted(slugs, key=order.index)


def test_every_chosen_exercise_says_which_requirements_it_meets(rulebook: Rulebook) -> None:
    profile = PROFILES["acute_vertebral"]
    decisions = decide(profile, rulebook)
    made = schedule(profile, decisions, rulebook)
    assert set(made.counts) == {ex.slug for ex in made.chosen}
    active = {req.rule for req in decisions.requirements}
    met = {req.rule for reqs in made.counts.values() for req in reqs}
    assert met and met <= active


def test_a_stopped_programme_has_no_weeks_and_no_review_date(rulebook: Rulebook) -> None:
    profile = make_profile(red_flags=["chest_symptoms"])
    decisions = decide(profile, rulebook)
    assert decisions.stop == ["R-RED-0"]
    made = schedule(profile, decisions, rulebook)
    assert made.weeks == []
    assert made.review is None
    assert made.chosen == [] and made.counts == {}
    assert made.unmet == []
    assert made.start == dt.date(2026, 11, 23), "the plan still says when it would have started"
    plan = build_plan(profile, rulebook)
    assert (plan.weeks, plan.review_date) == ([], None)


def test_the_schedule_is_the_same_every_time(rulebook: Rulebook) -> None:
    profile = PROFILES["acute_vertebral"]
    assert scheduled(profile, rulebook) == scheduled(profile, rulebook)
