"""A review visit -> the next block: the worked example of guidance 12.3 and the rules one by
one, each with the smallest profile and visit that fire it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner import Rulebook, build_plan
from planner.plan import Plan
from planner.review.block import review
from planner.review.visit import Visit
from tests.conftest import make_profile

FIRST = dt.date(2026, 11, 21)
VISIT = dt.date(2027, 2, 15)  # the end of the first block


def first_plan(rulebook: Rulebook, **fields: Any) -> Plan:
    fields = {"age": 70, "bone_status": "osteoporosis", "assessed_on": FIRST, **fields}
    return build_plan(make_profile(**fields), rulebook)


def visit(**fields: Any) -> Visit:
    return Visit.model_validate({"visit_date": VISIT, **fields})


def change(plan: Plan, slug: str) -> tuple[str, list[str]]:
    assert plan.review is not None
    found = next(c for c in plan.review.changes if c.slug == slug)
    return found.change, found.rules


ALL_DONE = {
    c: {"done": 24, "planned": 24}
    for c in ("resistance", "balance", "impact", "aerobic", "posture")
}


def test_the_worked_example_of_the_guidance(rulebook: Rulebook) -> None:
    # With a weight at home, the sit to stand has a harder entry to progress to (goblet squat).
    plan = review(
        first_plan(rulebook, equipment=["dumbbells"]),
        visit(
            falls=[{"date": "2027-01-10"}],
            sessions={
                "resistance": {"done": 20, "planned": 24},
                "balance": {"done": 24, "planned": 36},
            },
            exercises={
                "sit_to_stand": {"achieved": "progress", "top_of_range": True},
                "tandem_stance": {"achieved": "progress", "top_of_range": True},
            },
        ),
        rulebook,
    ).plan
    assert plan.fall_risk == "intermediate"  # one fall in 12 months (4.8)
    assert "R-FALL-3" in {r.id for r in plan.rules_fired}
    assert "W_FALLS_REFERRAL" in {w.code for w in plan.warnings}  # R-REV-5
    assert change(plan, "sit_to_stand") == ("progress", ["R-REV-10"])  # 20/24 is 0.83
    assert change(plan, "tandem_stance") == ("step_back", ["R-REV-5"])  # 24/36 is exactly 2/3
    assert plan.programme.rungs["tandem_stance"] == (1, 1, 1)
    assert "R-IMP-1" not in {r.id for r in plan.rules_fired}  # falls risk no longer low
    assert plan.programme.block == 2 and plan.programme.week == 13
    assert plan.profile.assessed_on == VISIT and plan.start_date >= VISIT
    # The balance-minute ramp starts now, at 60 minutes a week in block weeks 1-4.
    balance = sum(
        ex.dose.minutes or 0
        for day in plan.weeks[0].days
        for s in day.sessions
        if s.component == "balance"
        for ex in s.exercises
    )
    assert balance >= 60 and plan.programme.ramp_from == 13


def test_progress_needs_every_condition_recorded_else_hold(rulebook: Rulebook) -> None:
    found = {"sit_to_stand": {"achieved": "progress"}}  # top of range not recorded
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(plan, "sit_to_stand") == ("hold", ["R-REV-17"])
    assert plan.programme.rungs["sit_to_stand"] == (2, 2, 2)


def test_unknown_adherence_holds_every_exercise(rulebook: Rulebook) -> None:  # R-REV-9
    found = {"sit_to_stand": {"achieved": "build", "top_of_range": True}}
    plan = review(first_plan(rulebook), visit(exercises=found), rulebook).plan
    assert change(plan, "sit_to_stand") == ("hold", ["R-REV-9"])


@pytest.mark.parametrize(
    ("slug", "rule"),
    [
        ("sit_to_stand", "R-REV-10"),
        ("brisk_walking", "R-REV-14"),
        ("chin_tuck", "R-REV-13"),
        ("heel_drops_gentle", "R-REV-12"),
        ("tandem_stance", "R-REV-11"),
    ],
)
def test_each_component_progresses_by_its_own_rule(
    rulebook: Rulebook, slug: str, rule: str
) -> None:
    found = {slug: {"achieved": "build", "top_of_range": True}}
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(plan, slug) == ("progress", [rule])
    assert plan.programme.rungs.get(slug, (0, 1, 2)) == (1, 2, 2)


def test_a_phone_review_never_progresses_balance(rulebook: Rulebook) -> None:  # R-REV-11
    found = {"tandem_stance": {"achieved": "build", "top_of_range": True}}
    plan = review(
        first_plan(rulebook), visit(kind="phone", sessions=ALL_DONE, exercises=found), rulebook
    ).plan
    assert change(plan, "tandem_stance")[0] == "hold"


@pytest.mark.parametrize(
    ("band", "outcome", "rule"),
    [("hold", "hold", "R-REV-8"), ("step_back", "step_back", "R-REV-7")],
)
def test_pain_bands_hold_or_step_back(
    rulebook: Rulebook, band: str, outcome: str, rule: str
) -> None:
    found = {"sit_to_stand": {"achieved": "build", "top_of_range": True, "pain": band}}
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(plan, "sit_to_stand") == (outcome, [rule])


def test_the_most_cautious_outcome_wins(rulebook: Rulebook) -> None:  # R-REV-17
    found = {"tandem_stance": {"achieved": "progress", "top_of_range": True, "pain": "hold"}}
    plan = review(
        first_plan(rulebook),
        visit(falls=[{"date": "2027-01-10"}], sessions=ALL_DONE, exercises=found),
        rulebook,
    ).plan
    assert change(plan, "tandem_stance") == ("step_back", ["R-REV-5"])  # over R-REV-8's hold


def test_a_break_of_two_weeks_restarts_lower(rulebook: Rulebook) -> None:  # R-REV-6
    found = {"sit_to_stand": {"achieved": "progress", "top_of_range": True}}
    plan = review(
        first_plan(rulebook),
        visit(sessions=ALL_DONE, exercises=found, longest_break_days=14, break_reason="illness"),
        rulebook,
    ).plan
    assert change(plan, "sit_to_stand") == ("step_back", ["R-REV-6"])
    assert plan.programme.rungs["sit_to_stand"] == (1, 1, 1)
    assert "W_RESTART_AFTER_BREAK" in {w.code for w in plan.warnings}


def test_a_new_fracture_restarts_and_its_rules_apply_from_the_visit(rulebook: Rulebook) -> None:
    new = [{"site": "wrist", "date": "2027-02-01", "cause": "fall", "in_cast": True}]
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, new_fractures=new), rulebook).plan
    assert {"R-WR-1", "R-FX-1"} <= {r.id for r in plan.rules_fired}  # R-REV-4
    assert "wall_push_up" not in {ex.slug for ex in plan.exercises()}
    assert change(plan, "wall_push_up")[0] == "dropped"
    assert plan.fall_risk == "high"  # a fracture from a fall in the last 12 months


def test_a_red_flag_holds_and_section_10_stops_or_softens(rulebook: Rulebook) -> None:
    plan = review(first_plan(rulebook), visit(red_flags=["chest_symptoms"]), rulebook).plan
    assert not plan.weeks and "W_MEDICAL_REVIEW_FIRST" in {w.code for w in plan.warnings}
    assert all(c.change in ("hold", "dropped") for c in plan.review.changes)  # type: ignore[union-attr]


def test_no_restriction_lifts_without_its_clearance(rulebook: Rulebook) -> None:  # R-REV-2
    wrist = [{"site": "wrist", "weeks_since": 8, "cause": "other"}]
    previous = first_plan(rulebook, fractures=wrist)
    later = review(previous, visit(sessions=ALL_DONE), rulebook).plan  # 20 weeks, not cleared
    assert "R-WR-2" in {r.id for r in later.rules_fired}
    cleared = review(
        previous,
        visit(
            sessions=ALL_DONE,
            clearances=[{"fracture": 1, "on": "2027-02-01", "by": "fracture_clinic"}],
        ),
        rulebook,
    ).plan
    assert "R-WR-2" not in {r.id for r in cleared.rules_fired}  # R-REV-15


def test_a_retest_past_its_cut_off_raises_the_falls_risk(rulebook: Rulebook) -> None:  # R-REV-16
    plan = review(first_plan(rulebook), visit(retests={"one_leg_s": 3}), rulebook).plan
    assert plan.fall_risk == "intermediate"
    assert any("R-REV-16" in n for n in plan.review.notes)  # type: ignore[union-attr]


def test_review_warnings_and_the_programme_position(rulebook: Rulebook) -> None:  # R-REV-18, 19
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE), rulebook).plan
    assert {"W_KEEP_LOG", "W_REVIEW_EARLY", "W_RESTART_AFTER_BREAK"} <= {
        w.code for w in plan.warnings
    }
    assert not plan.programme.maintenance
    third = review(
        plan, Visit.model_validate({"visit_date": VISIT + dt.timedelta(weeks=12)}), rulebook
    )
    assert third.plan.programme.block == 3 and third.plan.programme.maintenance
    assert "R-REV-19" in third.decisions.fired


def test_a_review_is_deterministic(rulebook: Rulebook) -> None:
    args = (first_plan(rulebook), visit(sessions=ALL_DONE), rulebook)
    assert review(*args).plan.to_json() == review(*args).plan.to_json()


def test_falls_are_recounted_over_the_year_before_the_visit(rulebook: Rulebook) -> None:
    # R-REV-1: the falls reported at the first assessment count until 52 weeks after it.
    previous = first_plan(rulebook, falls_12m=1)
    soon = review(previous, visit(falls=[{"date": "2027-01-10"}]), rulebook)
    assert soon.profile.falls_12m == 2 and soon.plan.fall_risk == "high"
    later = Visit.model_validate({"visit_date": FIRST + dt.timedelta(weeks=53)})
    assert review(previous, later, rulebook).profile.falls_12m == 0


def test_after_a_doctor_has_assessed_the_red_flag_every_exercise_restarts_lower(
    rulebook: Rulebook,
) -> None:  # R-REV-3, second part
    found = {"sit_to_stand": {"achieved": "progress", "top_of_range": True}}
    plan = review(
        first_plan(rulebook),
        visit(sessions=ALL_DONE, exercises=found, red_flag_assessed=True),
        rulebook,
    ).plan
    assert change(plan, "sit_to_stand") == ("step_back", ["R-REV-3"])
    assert plan.programme.rungs["sit_to_stand"] == (1, 1, 1)


def test_an_exercise_the_patient_fell_during_gives_way_to_its_regression(
    rulebook: Rulebook,
) -> None:  # R-REV-5
    found = {"tandem_stance": {"achieved": "build"}}
    plan = review(
        first_plan(rulebook),
        visit(
            falls=[{"date": "2027-01-10", "during": "tandem_stance"}],
            sessions=ALL_DONE,
            exercises=found,
        ),
        rulebook,
    ).plan
    changed, rules = change(plan, "tandem_stance")
    assert changed in ("step_back", "dropped") and "R-REV-5" in rules
    assert plan.review is not None
    record = next(c for c in plan.review.changes if c.slug == "tandem_stance")
    assert record.replacement == "semi_tandem_stance"
    codes = {w.code for w in plan.warnings}
    assert {"W_USE_SUPPORT", "W_SUPERVISED_SESSIONS"} <= codes  # a fall during exercise
    assert plan.supervision.required and "R-REV-5" in plan.supervision.rules
    # Supervision the patient cannot get is unmet (10.0 item 11), never left unsaid.
    assert "R-REV-5" in {u.rule for u in plan.unmet}


def test_under_one_in_three_sessions_no_new_exercise_enters(rulebook: Rulebook) -> None:
    # R-REV-9: below 1/3 the component takes no new exercise beyond what a rule requires.
    low = {
        c: {"done": 2, "planned": 24}
        for c in ("resistance", "posture", "impact", "aerobic", "balance")
    }
    previous = first_plan(rulebook)
    plan = review(previous, visit(sessions=low), rulebook).plan
    before = {ex.slug for ex in previous.exercises() if ex.component == "posture"}
    after = {ex.slug for ex in plan.exercises() if ex.component == "posture"}
    assert after <= before
    assert all(c.change == "hold" for c in plan.review.changes if c.change != "new")  # type: ignore[union-attr]


def test_a_fall_and_a_new_vertebral_fracture_together_give_a_block(rulebook: Rulebook) -> None:
    """Each alone made a block; together the restart left a strength session on no day and the
    scheduler failed. Every session of the block has days, and the strength days never touch."""
    new = [{"site": "vertebral", "date": "2027-02-01"}]
    found = visit(sessions=ALL_DONE, falls=[{"date": "2027-01-10"}], new_fractures=new)
    plan = review(first_plan(rulebook), found, rulebook).plan
    assert "R-VF-1" in {r.id for r in plan.rules_fired}
    week = plan.weeks[0]
    strength = [any(s.component == "resistance" for s in d.sessions) for d in week.days]
    assert 1 <= sum(strength) <= 3
    assert not any(strength[i] and strength[(i + 1) % 7] for i in range(7))
