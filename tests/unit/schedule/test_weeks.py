"""Weeks and phases: start date, doses rising by phase, the horizon and the review date."""

from __future__ import annotations

import datetime as dt

from planner import Rulebook, build_plan
from planner.schedule.weeks import phase_of, phases, start_date
from tests.conftest import make_profile


def test_plan_starts_on_the_monday_after_assessment(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)  # assessed on Saturday 2026-11-21
    assert plan.start_date == dt.date(2026, 11, 23)
    assert [d.weekday for d in plan.weeks[0].days][:2] == ["Monday", "Tuesday"]


def test_a_plan_assessed_on_a_monday_starts_that_day() -> None:
    assert start_date(make_profile(assessed_on=dt.date(2026, 11, 23))) == dt.date(2026, 11, 23)


def test_phases_follow_the_weeks_a_plan_reaches() -> None:
    assert [phase_of(n) for n in (1, 4, 5, 8, 9, 52)] == [
        "foundation",
        "foundation",
        "build",
        "build",
        "progress",
        "progress",
    ]
    assert phases(4) == ("foundation",)
    assert phases(12) == ("foundation", "build", "progress")


def test_doses_rise_by_phase_and_exercises_stay_the_same(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="fit"), rulebook)
    assert [phase_of(w.week) for w in plan.weeks] == [w.phase for w in plan.weeks]
    first = {e.slug: e.dose for e in plan.weeks[0].days[0].sessions[0].exercises}
    last = {e.slug: e.dose for e in plan.weeks[-1].days[0].sessions[0].exercises}
    assert first.keys() == last.keys()
    assert any(
        (last[s].sets or 0, last[s].reps or 0, last[s].minutes or 0)
        > (first[s].sets or 0, first[s].reps or 0, first[s].minutes or 0)
        for s in first
    )


def test_weeks_option_sets_the_horizon(rulebook: Rulebook) -> None:
    assert len(build_plan(make_profile(), rulebook, weeks=4).weeks) == 4


def test_review_date_is_the_first_restriction_boundary(rulebook: Rulebook) -> None:
    profile = make_profile(fractures=[{"site": "vertebral", "weeks_since": 3}])
    plan = build_plan(profile, rulebook)
    # The acute window (6 weeks) ends three weeks after assessment; it still holds on that
    # day (10.0 definition 1), so the review is the day after.
    assert plan.review_date == dt.date(2026, 11, 21) + dt.timedelta(weeks=3, days=1)


def test_review_date_is_the_plan_end_without_a_boundary(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    assert plan.review_date == plan.start_date + dt.timedelta(weeks=12)


def test_restrictions_do_not_lift_with_time_inside_the_plan(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(fractures=[{"site": "wrist", "weeks_since": 5}]), rulebook)
    for week in plan.weeks:
        for day in week.days:
            for session in day.sessions:
                assert not any(e.tags["wrist_wb"] for e in session.exercises)


def test_red_flag_stop_gives_no_weeks(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    assert plan.weeks == []
    assert plan.review_date is None
    assert "W_MEDICAL_REVIEW_FIRST" in {w.code for w in plan.warnings}


def test_every_exercise_states_its_minutes_on_the_day(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(age=80, falls_12m=2), rulebook)
    for week in plan.weeks:
        for day in week.days:
            for session in day.sessions:
                assert session.minutes == sum(e.minutes for e in session.exercises)
                for e in session.exercises:
                    assert e.minutes == rulebook.exercises[e.slug].dose.minutes_at(week.phase)
