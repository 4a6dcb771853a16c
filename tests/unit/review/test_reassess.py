"""R-REV-16: a visit's re-tests become the profile's latest results, and the falls-risk grade
is derived from them as guidance 4.8 derives it from the TUG; the clinician's grade is never
written, and a later result inside its cut-off counts only through that derivation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner import Rulebook
from planner.plan import Plan
from planner.render.findings import profile_rows
from planner.review.block import review
from planner.review.visit import Visit
from tests.unit.review.test_block import ALL_DONE, VISIT, first_plan, visit

PAST = visit(sessions=ALL_DONE, retests={"one_leg_s": 3})
REASON = "single-leg stance 3 s (under 5 s)"


def next_block(plan: Plan, rulebook: Rulebook, weeks: int, **fields: Any) -> Plan:
    """The block after ``plan``, from a visit ``weeks`` after the first review."""
    when = {"visit_date": VISIT + dt.timedelta(weeks=weeks), "sessions": ALL_DONE}
    return review(plan, Visit.model_validate({**when, **fields}), rulebook).plan


def test_a_re_test_past_its_cut_off_raises_the_derived_grade_with_its_reason(
    rulebook: Rulebook,
) -> None:
    result = review(first_plan(rulebook, fall_risk="low"), PAST, rulebook)
    plan = result.plan
    assert plan.profile.one_leg_s == 3 and result.profile.one_leg_s == 3
    assert plan.profile.fall_risk == "low"  # the clinician's grade, as given
    assert plan.fall_risk == "intermediate"
    assert plan.explanation.fall_risk_reasons == [REASON]
    assert result.profile.derived_fall_risk() == ("intermediate", [REASON])
    assert plan.review is not None and "R-REV-16" in plan.review.rules_fired
    assert dict(profile_rows(plan, rulebook))["Clinician's falls-risk grade"] == "low"


def test_no_grade_is_written_for_the_clinician(rulebook: Rulebook) -> None:
    plan = review(first_plan(rulebook), PAST, rulebook).plan
    assert plan.profile.fall_risk is None and plan.fall_risk == "intermediate"
    assert not [n for n in plan.explanation.notes if "you gave" in n]
    assert dict(profile_rows(plan, rulebook))["Clinician's falls-risk grade"] == "not given"


def test_a_test_not_done_keeps_the_last_result(rulebook: Rulebook) -> None:
    second = review(first_plan(rulebook), PAST, rulebook).plan
    third = next_block(second, rulebook, 12, retests={"tug_s": 9})
    assert (third.profile.one_leg_s, third.profile.tug_s) == (3, 9)
    assert third.fall_risk == "intermediate"
    assert third.explanation.fall_risk_reasons == [REASON]


def test_a_later_result_inside_its_cut_off_lets_the_grade_fall_back(rulebook: Rulebook) -> None:
    second = review(first_plan(rulebook), PAST, rulebook).plan
    third = next_block(second, rulebook, 12, kind="in_person", retests={"one_leg_s": 12})
    assert third.profile.one_leg_s == 12
    assert third.fall_risk == "low" and third.explanation.fall_risk_reasons == []
    assert third.profile.fall_risk is None


def test_a_result_inside_its_cut_off_never_lowers_a_grade_set_by_falls(
    rulebook: Rulebook,
) -> None:
    inside = visit(sessions=ALL_DONE, retests={"one_leg_s": 20})
    plan = review(first_plan(rulebook, falls_12m=2), inside, rulebook).plan
    assert plan.fall_risk == "high"
    assert plan.explanation.fall_risk_reasons == ["2 falls in the last 12 months"]
    past = review(first_plan(rulebook, falls_12m=2), PAST, rulebook).plan
    assert past.fall_risk == "high"  # the re-test adds nothing to a high grade


def test_nor_the_clinicians_grade(rulebook: Rulebook) -> None:
    inside = visit(sessions=ALL_DONE, retests={"one_leg_s": 20, "tug_s": 8})
    plan = review(first_plan(rulebook, fall_risk="high"), inside, rulebook).plan
    assert (plan.profile.fall_risk, plan.fall_risk) == ("high", "high")
    assert dict(profile_rows(plan, rulebook))["Clinician's falls-risk grade"] == "high"
