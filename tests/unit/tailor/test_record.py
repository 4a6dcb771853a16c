"""What each adjustment did, in the plan: requirements met another way, or left unmet only
when the clinician accepts it; held doses, rest days, the daily budget and the start date."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import Rulebook, build_plan
from planner.errors import AdjustmentRefused
from tests.conftest import make_profile

WRIST_3_WEEKS = [{"site": "wrist", "weeks_since": 3, "cause": "other"}]


def slugs_on(plan: object, week: int = 0) -> list[set[str]]:
    return [
        {ex.slug for s in day.sessions for ex in s.exercises}
        for day in plan.weeks[week].days  # type: ignore[attr-defined]
    ]


def test_a_dropped_exercise_is_replaced_by_another_that_meets_its_requirement(
    rulebook: Rulebook,
) -> None:
    base = build_plan(make_profile(), rulebook)
    assert "tandem_stance" in {ex.slug for ex in base.exercises()}
    plan = build_plan(make_profile(adjust={"drop": ["tandem_stance: cannot manage it"]}), rulebook)
    assert "tandem_stance" not in {ex.slug for ex in plan.exercises()}
    (drop,) = plan.adjustments
    assert drop.kind == "drop" and drop.reason == "cannot manage it" and drop.rules == ["R-GEN-3"]
    assert drop.effect.startswith("met R-GEN-3 (") and drop.effect.endswith("instead")
    assert not plan.unmet


def test_dropping_what_no_other_exercise_can_replace_is_refused(rulebook: Rulebook) -> None:
    adjust = {"drop": ["finger_and_wrist_rom"]}
    with pytest.raises(AdjustmentRefused) as caught:
        build_plan(make_profile(fractures=WRIST_3_WEEKS, adjust=adjust), rulebook)
    (refusal,) = caught.value.refusals
    assert refusal.rule == "R-WR-1" and "accept_unmet" in refusal.reason


def test_accept_unmet_lists_the_requirement_with_the_clinicians_reason(rulebook: Rulebook) -> None:
    adjust = {"drop": ["finger_and_wrist_rom"], "accept_unmet": "hand therapist sees her daily"}
    plan = build_plan(make_profile(fractures=WRIST_3_WEEKS, adjust=adjust), rulebook)
    accepted = [u for u in plan.unmet if u.accepted]
    assert [(u.rule, u.accepted) for u in accepted] == [("R-WR-1", "hand therapist sees her daily")]
    assert "leaves R-WR-1" in plan.adjustments[0].effect


def test_a_drop_of_an_exercise_not_in_the_plan_says_so(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(adjust={"drop": ["tai_chi: no class nearby"]}), rulebook)
    assert plan.adjustments[0].effect == "was not in the plan; it stays out"
    assert plan.weeks == build_plan(make_profile(), rulebook).weeks


def test_a_swap_puts_the_new_exercise_in_and_keeps_the_old_one_out(rulebook: Rulebook) -> None:
    profile = make_profile(
        equipment=["exercise_bike"], adjust={"swap": ["brisk_walking=stationary_cycling"]}
    )
    plan = build_plan(profile, rulebook)
    planned = {ex.slug for ex in plan.exercises()}
    assert "stationary_cycling" in planned and "brisk_walking" not in planned
    assert plan.adjustments[0].effect.startswith("Exercise bike in its place")


def test_an_added_exercise_goes_on_its_kinds_days(rulebook: Rulebook) -> None:
    plan = build_plan(
        make_profile(adjust={"add": ["shoulder_blade_squeeze: rounded shoulders"]}), rulebook
    )
    days = [d for d in slugs_on(plan) if "shoulder_blade_squeeze" in d]
    assert len(days) >= 2
    assert plan.adjustments[0].effect.startswith(f"in the posture sessions on {len(days)} days")
    note = next(n for n in plan.explanation.chosen if n.slug == "shoulder_blade_squeeze")
    assert "added by the clinician: rounded shoulders" in note.reasons


def test_a_hold_keeps_the_dose_of_its_phase_and_never_raises_one(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(adjust={"hold": ["sit_to_stand=foundation"]}), rulebook)
    base = build_plan(make_profile(), rulebook)

    def dose(p: object, week: int) -> object:
        return next(
            ex.dose
            for day in p.weeks[week].days  # type: ignore[attr-defined]
            for s in day.sessions
            for ex in s.exercises
            if ex.slug == "sit_to_stand"
        )

    assert dose(plan, 11) == dose(plan, 0) == dose(base, 0)
    assert dose(base, 11) != dose(base, 0)
    assert plan.adjustments[0].effect == "kept at the foundation dose from week 5 on"
    build = build_plan(make_profile(adjust={"hold": ["sit_to_stand=build"]}), rulebook)
    assert dose(build, 0) == dose(base, 0)  # weeks 1-4 keep their own, lower dose


def test_rest_days_have_no_exercise_and_resistance_stays_apart(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(adjust={"rest_days": ["sat", "sun"]}), rulebook)
    week = plan.weeks[0].days
    assert [d.weekday for d in week if not d.sessions] == ["Saturday", "Sunday"]
    strength = [any(s.component == "resistance" for s in d.sessions) for d in week]
    assert not any(strength[i] and strength[(i + 1) % 7] for i in range(7))
    assert plan.adjustments[0].effect == "no exercise on Saturday, Sunday"


def test_a_rest_day_against_an_every_day_requirement_is_refused_or_accepted(
    rulebook: Rulebook,
) -> None:
    with pytest.raises(AdjustmentRefused, match="R-WR-1"):
        build_plan(make_profile(fractures=WRIST_3_WEEKS, adjust={"rest_days": ["sun"]}), rulebook)
    adjust = {"rest_days": ["sun"], "accept_unmet": "family day"}
    plan = build_plan(make_profile(fractures=WRIST_3_WEEKS, adjust=adjust), rulebook)
    (unmet,) = [u for u in plan.unmet if u.accepted]
    assert (unmet.rule, unmet.found, unmet.accepted) == ("R-WR-1", "on 6 days", "family day")


def test_a_smaller_daily_budget_shortens_every_day_or_reports_what_no_longer_fits(
    rulebook: Rulebook,
) -> None:
    plan = build_plan(make_profile(adjust={"minutes_per_day": 30}), rulebook)
    assert max(d.minutes for w in plan.weeks for d in w.days) <= 30 and not plan.unmet
    with pytest.raises(AdjustmentRefused, match="R-GEN-2"):
        build_plan(make_profile(adjust={"minutes_per_day": 20}), rulebook)
    adjust = {"minutes_per_day": 20, "accept_unmet": "walks with her daughter instead"}
    plan = build_plan(make_profile(adjust=adjust), rulebook)
    assert max(d.minutes for w in plan.weeks for d in w.days) <= 20
    assert {u.rule for u in plan.unmet if u.accepted} == {"R-GEN-2"}


def test_the_start_date_moves_the_plan_and_its_review(rulebook: Rulebook) -> None:
    start = dt.date(2026, 12, 9)  # a Wednesday
    plan = build_plan(make_profile(adjust={"start_on": start}), rulebook)
    assert plan.start_date == start and plan.weeks[0].days[0].weekday == "Wednesday"
    assert plan.adjustments[0].effect == "the plan starts on Wednesday 9 December 2026"
    assert plan.review_date is not None and plan.review_date > start


def test_adjusted_plans_are_deterministic(rulebook: Rulebook) -> None:
    adjust = {"drop": ["tandem_stance"], "rest_days": ["sun"], "hold": ["glute_bridge=build"]}
    first = build_plan(make_profile(adjust=adjust), rulebook).to_json()
    assert build_plan(make_profile(adjust=adjust), rulebook).to_json() == first
