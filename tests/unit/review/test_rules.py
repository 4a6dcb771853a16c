"""The review rules one by one (guidance 12.3), each with the smallest profile, log and visit
that fire it, and the decision a clinician relies on: the change, the dose and the rule cited.
The worked example and the first cases are in ``test_block.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner import Rulebook
from planner.plan import Plan
from planner.review.block import review
from planner.review.log import PatientLog
from planner.review.log_summary import planned_days
from planner.review.visit import Visit
from tests.unit.review.test_block import ALL_DONE, FIRST, VISIT, change, first_plan, visit

KEEP = {"W_KEEP_LOG", "W_REVIEW_EARLY", "W_RESTART_AFTER_BREAK"}


def fired(plan: Plan) -> set[str]:
    return {r.id for r in plan.rules_fired}


def codes(plan: Plan) -> set[str]:
    return {w.code for w in plan.warnings}


def cited(plan: Plan, code: str) -> list[str]:
    return next(w.rules for w in plan.warnings if w.code == code)


def replacement(plan: Plan, slug: str) -> str | None:
    assert plan.review is not None
    return next(c.replacement for c in plan.review.changes if c.slug == slug)


def because(plan: Plan, slug: str) -> list[str]:
    assert plan.review is not None
    return next(c.because for c in plan.review.changes if c.slug == slug)


def full_log(plan: Plan, *, skip: range = range(0), **extra: dict[str, Any]) -> PatientLog:
    """Every planned session ticked before the visit, except the days (from the start) in
    ``skip``; ``extra`` adds fields to the day numbered by its key (``d5``: day 5)."""
    days = []
    for date, components in sorted(planned_days(plan).items()):
        n = (date - plan.start_date).days
        if date >= VISIT or n in skip:
            continue
        days.append({"date": date, "sessions": dict.fromkeys(components, "y")})
    for key, fields in extra.items():
        date = plan.start_date + dt.timedelta(days=int(key[1:]))
        day = next((d for d in days if d["date"] == date), None)
        if day is None:
            days.append(day := {"date": date})
        day.update(fields)
    return PatientLog.model_validate(
        {
            "plan": {"block": 1, "start": plan.start_date, "review": plan.review_date},
            "days": sorted(days, key=lambda d: d["date"]),
        }
    )


def first_day_of(plan: Plan, component: str) -> str:
    """The key of the first day the plan has ``component``, for :func:`full_log`."""
    date = min(d for d, c in planned_days(plan).items() if component in c)
    return f"d{(date - plan.start_date).days}"


# R-REV-1 ------------------------------------------------------------------------------------


def test_r_rev_1_section_10_is_judged_on_the_visit_date(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook, fractures=[{"site": "vertebral", "weeks_since": 4}])
    assert "R-VF-2" in fired(previous)
    result = review(previous, visit(sessions=ALL_DONE), rulebook)
    assert result.profile.assessed_on == VISIT
    # The fracture entered at 4 weeks is dated from that assessment: 16 weeks at the visit.
    (fracture,) = result.plan.profile.fractures
    assert fracture.weeks_since == round((VISIT - FIRST).days / 7 + 4, 2)
    assert "R-VF-2" not in fired(result.plan) and "R-VF-1" in fired(result.plan)
    # Back pain of 5/10 at the visit brings R-VF-2 back, whatever the bands (12.0 item 6).
    sore = review(previous, visit(sessions=ALL_DONE, changes={"back_pain": 5}), rulebook)
    assert "R-VF-2" in fired(sore.plan)


# R-REV-2 ------------------------------------------------------------------------------------


def test_r_rev_2_a_window_still_holds_on_its_last_day(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook, fractures=[{"site": "wrist", "weeks_since": 3}])
    last_day = FIRST + dt.timedelta(weeks=3)  # the fracture is exactly 6 weeks old
    on = review(previous, Visit.model_validate({"visit_date": last_day}), rulebook).plan
    assert "R-WR-1" in fired(on)
    after = Visit.model_validate({"visit_date": last_day + dt.timedelta(days=1)})
    assert "R-WR-1" not in fired(review(previous, after, rulebook).plan)


def test_r_rev_2_a_step_up_never_lands_on_an_excluded_entry(rulebook: Rulebook) -> None:
    # Two vertebral fractures: R-VF-3 excludes prone positions, so the seated back extension
    # at the top of its range does not move to the prone head and chest lift.
    previous = first_plan(
        rulebook, fractures=[{"site": "vertebral", "weeks_since": 30, "count": 2}]
    )
    found = {"seated_back_extension": {"achieved": "progress", "top_of_range": True}}
    plan = review(previous, visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert "R-VF-3" in fired(plan)
    assert replacement(plan, "seated_back_extension") is None
    assert "prone_head_chest_lift" not in {ex.slug for ex in plan.exercises()}
    assert plan.programme.rungs["seated_back_extension"] == (2, 2, 2)


# R-REV-3 ------------------------------------------------------------------------------------


def test_r_rev_3_a_red_flag_keeps_the_gentle_plan_and_holds(rulebook: Rulebook) -> None:
    found = {"chin_tuck": {"achieved": "build", "top_of_range": True}}
    plan = review(
        first_plan(rulebook),
        visit(sessions=ALL_DONE, exercises=found, red_flags=["new_back_pain"]),
        rulebook,
    ).plan
    assert "R-RED-1" in fired(plan) and "W_GENTLE_UNTIL_REVIEWED" in codes(plan)
    assert change(plan, "chin_tuck") == ("hold", ["R-REV-3"])  # R-REV-13 suspended
    assert plan.programme.rungs["chin_tuck"] == (1, 1, 1)  # the achieved rung, kept
    assert change(plan, "sit_to_stand")[0] == "dropped"  # R-RED-1: no resistance


# R-REV-4 ------------------------------------------------------------------------------------


def test_r_rev_4_a_new_fracture_restarts_every_other_exercise_lower(rulebook: Rulebook) -> None:
    new = [{"site": "wrist", "date": "2027-02-01", "cause": "fall", "in_cast": True}]
    found = {"sit_to_stand": {"achieved": "progress", "top_of_range": True}}
    plan = review(
        first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found, new_fractures=new), rulebook
    ).plan
    assert change(plan, "sit_to_stand") == ("step_back", ["R-REV-4"])
    assert plan.programme.rungs["sit_to_stand"] == (1, 1, 1)
    assert plan.programme.ramp_from == plan.programme.week  # the balance ramp starts again
    assert plan.profile.fractures[-1].cleared is False


# R-REV-5 ------------------------------------------------------------------------------------


def test_r_rev_5_after_a_fall_no_impact_exercise_steps_up(rulebook: Rulebook) -> None:
    found = {"heel_drops_gentle": {"achieved": "build", "top_of_range": True}}
    plan = review(
        first_plan(rulebook),
        visit(falls=[{"date": "2027-01-10"}], sessions=ALL_DONE, exercises=found),
        rulebook,
    ).plan
    assert "W_FALLS_REFERRAL" in codes(plan) and "R-REV-5" in cited(plan, "W_FALLS_REFERRAL")
    assert "heel_drops_gentle" in {ex.slug for ex in plan.exercises()}
    assert change(plan, "heel_drops_gentle") == ("hold", ["R-REV-5"])
    assert plan.programme.rungs["heel_drops_gentle"] == (1, 1, 1)


# R-REV-6 ------------------------------------------------------------------------------------


def test_r_rev_6_a_break_read_from_the_log_restarts_lower(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook)
    log = full_log(previous, skip=range(20, 34))  # 14 days with no session ticked
    found = {"sit_to_stand": {"achieved": "progress", "top_of_range": True}}
    plan = review(previous, visit(exercises=found), rulebook, log).plan
    assert change(plan, "sit_to_stand") == ("step_back", ["R-REV-6"])
    assert plan.programme.rungs["sit_to_stand"] == (1, 1, 1)
    assert "R-REV-6" in cited(plan, "W_RESTART_AFTER_BREAK")
    shorter = full_log(previous, skip=range(20, 33))  # 13 days: no restart
    kept = review(previous, visit(exercises=found), rulebook, shorter).plan
    # R-REV-10 applies; at the top with no harder entry allowed, that is a hold at the top.
    assert change(kept, "sit_to_stand") == ("hold", ["R-REV-10"])
    assert kept.programme.rungs["sit_to_stand"] == (2, 2, 2)


# R-REV-7 and R-REV-8 ------------------------------------------------------------------------


def test_r_rev_7_sharp_pain_in_the_log_steps_the_exercise_back(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook)
    pain = {"score": 3, "sharp": True, "exercise": "sit_to_stand"}
    log = full_log(previous, **{first_day_of(previous, "resistance"): {"pain": pain}})
    found = {"sit_to_stand": {"achieved": "progress", "top_of_range": True}}
    plan = review(previous, visit(exercises=found), rulebook, log).plan
    assert change(plan, "sit_to_stand") == ("step_back", ["R-REV-7"])
    assert plan.programme.rungs["sit_to_stand"] == (1, 1, 1)
    assert "R-REV-7" in cited(plan, "W_PAIN_GUIDE")
    assert "W_SURGEON_CLEARANCE" not in codes(plan)


def test_r_rev_7_pain_at_a_fracture_site_asks_the_fracture_clinic(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook, fractures=[{"site": "wrist", "weeks_since": 30}])
    pain = {"score": 2, "where": "fracture_site", "exercise": "sit_to_stand"}
    log = full_log(previous, **{first_day_of(previous, "resistance"): {"pain": pain}})
    plan = review(previous, visit(), rulebook, log).plan
    assert change(plan, "sit_to_stand")[1] == ["R-REV-7"]
    assert "R-REV-7" in cited(plan, "W_SURGEON_CLEARANCE")


def test_r_rev_8_pain_of_4_from_the_log_holds(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook)
    pain = {"score": 4, "exercise": "sit_to_stand"}
    log = full_log(previous, **{first_day_of(previous, "resistance"): {"pain": pain}})
    found = {"sit_to_stand": {"achieved": "build", "top_of_range": True}}
    plan = review(previous, visit(exercises=found), rulebook, log).plan
    assert change(plan, "sit_to_stand") == ("hold", ["R-REV-8"])
    assert plan.programme.rungs["sit_to_stand"] == (1, 1, 1)


def test_r_rev_7_pain_growing_over_the_block_steps_back(rulebook: Rulebook) -> None:
    # 12.0 item 6: pain that grew from session to session, each score itself in the
    # "expected" range.
    previous = first_plan(rulebook)
    dates = sorted(d for d, c in planned_days(previous).items() if "resistance" in c)[:3]
    extra = {
        f"d{(date - previous.start_date).days}": {
            "pain": {"score": score, "exercise": "sit_to_stand"}
        }
        for date, score in zip(dates, (1, 2, 3), strict=True)
    }
    log = full_log(previous, **extra)
    found = {"sit_to_stand": {"achieved": "progress", "top_of_range": True}}
    plan = review(previous, visit(exercises=found), rulebook, log).plan
    assert change(plan, "sit_to_stand") == ("step_back", ["R-REV-7"])


# R-REV-9 ------------------------------------------------------------------------------------


def test_r_rev_9_under_two_in_three_sessions_holds_at_the_top_of_range(rulebook: Rulebook) -> None:
    sessions = {**ALL_DONE, "resistance": {"done": 15, "planned": 24}}  # 0.625
    found = {"sit_to_stand": {"achieved": "build", "top_of_range": True}}
    plan = review(first_plan(rulebook), visit(sessions=sessions, exercises=found), rulebook).plan
    assert change(plan, "sit_to_stand") == ("hold", ["R-REV-9"])
    assert plan.programme.rungs["sit_to_stand"] == (1, 1, 1)
    assert "R-GEN-2" in fired(plan)  # the minimum session counts are never lowered


# R-REV-10 -----------------------------------------------------------------------------------


def test_r_rev_10_at_the_top_rung_the_progression_entry_starts(rulebook: Rulebook) -> None:
    found = {"wall_push_up": {"achieved": "progress", "top_of_range": True}}
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(plan, "wall_push_up") == ("progress", ["R-REV-10"])
    assert replacement(plan, "wall_push_up") == "counter_push_up"
    assert "counter_push_up" not in plan.programme.rungs  # its own ladder from the start
    assert not any(
        ex.tags.get("heavy_lift") for ex in plan.exercises()
    )  # R-RES-1 does not allow it


# R-REV-11 -----------------------------------------------------------------------------------

BALANCE_TOP = {"achieved": "progress", "top_of_range": True}


def test_r_rev_11_one_change_of_hand_support_at_an_in_person_review(rulebook: Rulebook) -> None:
    found = {"tandem_stance": {**BALANCE_TOP, "support": "two_hands"}}
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(plan, "tandem_stance") == ("progress", ["R-REV-11"])
    assert replacement(plan, "tandem_stance") is None  # the entry stays
    assert plan.programme.rungs["tandem_stance"] == (2, 2, 2)
    assert "Hand support for this block: one hand (seen with two hands)" in because(
        plan, "tandem_stance"
    )


def test_r_rev_11_from_fingertips_the_progression_entry_with_more_support(
    rulebook: Rulebook,
) -> None:
    found = {"tandem_stance": {**BALANCE_TOP, "support": "fingertips"}}
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(plan, "tandem_stance") == ("progress", ["R-REV-11"])
    assert replacement(plan, "tandem_stance") == "tandem_walk"
    assert "Hand support for this block: two hands (seen with fingertips)" in because(
        plan, "tandem_stance"
    )


def test_r_rev_11_support_not_recorded_changes_no_entry(rulebook: Rulebook) -> None:
    found = {"tandem_stance": BALANCE_TOP}
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert replacement(plan, "tandem_stance") is None
    assert plan.programme.rungs["tandem_stance"] == (2, 2, 2)


def test_r_rev_11_a_phone_review_changes_no_support_or_entry(rulebook: Rulebook) -> None:
    found = {"tandem_stance": {**BALANCE_TOP, "support": "fingertips"}}
    plan = review(
        first_plan(rulebook), visit(kind="phone", sessions=ALL_DONE, exercises=found), rulebook
    ).plan
    assert change(plan, "tandem_stance")[0] == "hold"
    assert replacement(plan, "tandem_stance") is None
    assert not any("Hand support" in line for line in because(plan, "tandem_stance"))


# R-REV-12 -----------------------------------------------------------------------------------


def test_r_rev_12_the_next_impact_entry_only_where_the_caps_allow(rulebook: Rulebook) -> None:
    found = {"heel_drops_gentle": {"achieved": "progress", "top_of_range": True}}
    plan = review(first_plan(rulebook), visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(plan, "heel_drops_gentle") == ("progress", ["R-REV-12"])
    assert replacement(plan, "heel_drops_gentle") == "heel_drops_vigorous"
    # High falls risk: R-FALL-1 caps impact at low, the gentle drops (added) stay.
    added = {"add": [{"exercise": "heel_drops_gentle"}]}
    capped = first_plan(rulebook, falls_12m=1, fall_risk="high", adjust=added)
    assert "heel_drops_gentle" in {ex.slug for ex in capped.exercises()}
    later = review(capped, visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert replacement(later, "heel_drops_gentle") is None


# R-REV-13 -----------------------------------------------------------------------------------


def test_r_rev_13_no_posture_progress_with_vertebral_back_pain_of_5(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook, fractures=[{"site": "vertebral", "weeks_since": 30}])
    found = {"chin_tuck": {"achieved": "build", "top_of_range": True}}
    calm = review(previous, visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    assert change(calm, "chin_tuck") == ("progress", ["R-REV-13"])
    sore = review(
        previous,
        visit(sessions=ALL_DONE, exercises=found, changes={"back_pain": 5}),
        rulebook,
    ).plan
    assert change(sore, "chin_tuck") == ("hold", ["R-REV-17"])
    assert sore.programme.rungs["chin_tuck"] == (1, 1, 1)


# R-REV-14 -----------------------------------------------------------------------------------


def test_r_rev_14_walking_stays_comfortable_at_high_falls_risk(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook, falls_12m=2)
    found = {"comfortable_walking": {"achieved": "progress", "top_of_range": True}}
    plan = review(previous, visit(sessions=ALL_DONE, exercises=found), rulebook).plan
    # R-REV-14 applies, but its top rung is reached and brisk walking is not allowed
    # (10.0 item 11): the walking holds at the top, and says so.
    assert change(plan, "comfortable_walking") == ("hold", ["R-REV-14"])
    assert replacement(plan, "comfortable_walking") is None  # never brisk (10.0 item 11)
    assert because(plan, "comfortable_walking")[0].startswith("At the top of its ladder")
    assert "brisk_walking" not in {ex.slug for ex in plan.exercises()}


# R-REV-15 -----------------------------------------------------------------------------------


def test_r_rev_15_a_newly_allowed_exercise_enters_at_its_starting_dose(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook, fractures=[{"site": "wrist", "weeks_since": 8}])
    assert "wall_push_up" not in {ex.slug for ex in previous.exercises()}  # R-WR-2
    clearance = {"fracture": 1, "on": "2027-02-01", "by": "fracture_clinic"}
    plan = review(previous, visit(sessions=ALL_DONE, clearances=[clearance]), rulebook).plan
    assert "R-WR-3" in fired(plan) and "W_NO_WRIST_WEIGHT_BEARING" not in codes(plan)
    assert change(plan, "wall_push_up")[0] == "new"
    assert "wall_push_up" not in plan.programme.rungs  # rungs 0, 1, 2: the starting dose
    first_week = next(
        e
        for d in plan.weeks[0].days
        for s in d.sessions
        for e in s.exercises
        if e.slug == "wall_push_up"
    )
    assert (first_week.dose.sets, first_week.dose.reps) == (1, 8)


# R-REV-16 -----------------------------------------------------------------------------------


def test_r_rev_16_a_result_inside_its_cut_off_never_lowers_a_grade(rulebook: Rulebook) -> None:
    previous = first_plan(rulebook, fall_risk="high")
    good = {"tug_s": 8, "chair_stands": 15, "balance_stage": 4, "one_leg_s": 20}
    plan = review(previous, visit(retests=good), rulebook).plan
    assert plan.fall_risk == "high" and "R-FALL-1" in fired(plan)


# R-REV-17 -----------------------------------------------------------------------------------


def test_r_rev_17_the_more_cautious_of_two_rules_is_taken(rulebook: Rulebook) -> None:
    # R-REV-10 would progress the exercise; R-REV-6's restart steps it back: step back wins.
    found = {"sit_to_stand": {"achieved": "progress", "top_of_range": True}}
    result = review(
        first_plan(rulebook),
        visit(sessions=ALL_DONE, exercises=found, longest_break_days=20),
        rulebook,
    )
    assert {"R-REV-6", "R-REV-10"} <= set(result.decisions.fired)
    assert change(result.plan, "sit_to_stand") == ("step_back", ["R-REV-6"])
    assert result.plan.programme.rungs["sit_to_stand"] == (1, 1, 1)


# R-REV-18 -----------------------------------------------------------------------------------


def test_r_rev_18_every_plan_carries_the_log_and_early_review_warnings(rulebook: Rulebook) -> None:
    first = first_plan(rulebook)
    assert codes(first) >= KEEP
    assert all("R-REV-18" in cited(first, code) for code in KEEP)
    later = review(first, visit(sessions=ALL_DONE), rulebook).plan
    assert codes(later) >= KEEP


def test_r_rev_18_the_review_date_is_the_end_of_a_window_inside_the_block(
    rulebook: Rulebook,
) -> None:
    plain = first_plan(rulebook)
    assert plain.review_date == plain.start_date + dt.timedelta(weeks=12)
    wrist = first_plan(rulebook, fractures=[{"site": "wrist", "weeks_since": 3}])
    assert wrist.start_date < wrist.review_date < wrist.start_date + dt.timedelta(weeks=12)
    # A review on that date finds the window's restriction lifted (10.0 definition 1).
    after = review(wrist, Visit.model_validate({"visit_date": wrist.review_date}), rulebook)
    assert "R-WR-1" not in fired(after.plan)


# R-REV-19 -----------------------------------------------------------------------------------


def test_r_rev_19_a_phone_review_in_maintenance_keeps_the_minimums(rulebook: Rulebook) -> None:
    second = review(first_plan(rulebook), visit(sessions=ALL_DONE), rulebook).plan
    phone = Visit.model_validate(
        {
            "visit_date": VISIT + dt.timedelta(weeks=12),
            "kind": "phone",
            "sessions": ALL_DONE,
            "exercises": {
                "sit_to_stand": {"achieved": "build", "top_of_range": True},
                "tandem_stance": {**BALANCE_TOP, "support": "fingertips"},
            },
        }
    )
    third = review(second, phone, rulebook)
    assert third.plan.programme.maintenance and "R-REV-19" in third.decisions.fired
    assert change(third.plan, "sit_to_stand") == ("progress", ["R-REV-10"])  # the log's facts
    assert change(third.plan, "tandem_stance")[0] == "hold"  # no support or entry change
    assert replacement(third.plan, "tandem_stance") is None
    assert {"R-GEN-2", "R-GEN-3"} <= fired(third.plan)
