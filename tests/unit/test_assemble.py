"""Assembling the plan: warnings settled on the plan's content, the explanation, and the
profile the plan carries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from planner import Profile, Rulebook, build_plan
from planner.assemble import plan_profile
from planner.plan import PlanProfile
from tests.conftest import having_only, make_profile


def test_every_exercise_says_why(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(age=80, falls_12m=2), rulebook)
    notes = {n.slug: n.reasons for n in plan.explanation.chosen}
    for ex in plan.exercises():
        assert ex.why and notes[ex.slug]


def test_red_flag_plan_says_gentle_until_reviewed_not_do_not_start(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["new_back_pain"]), rulebook)
    codes = {w.code for w in plan.warnings}
    assert plan.weeks
    assert "W_GENTLE_UNTIL_REVIEWED" in codes
    assert "W_MEDICAL_REVIEW_FIRST" not in codes


def test_every_library_entry_is_chosen_excluded_or_left_out_with_a_reason(
    rulebook: Rulebook,
) -> None:
    plan = build_plan(make_profile(ability="limited", **having_only("firm_chair")), rulebook)
    chosen = {e.slug for e in plan.exercises()}
    excluded = {e.slug for e in plan.excluded}
    left_out = {e.slug: e.reason for e in plan.explanation.left_out}
    assert chosen | excluded | set(left_out) == set(rulebook.exercises)
    assert not chosen & excluded and not (chosen | excluded) & set(left_out)
    assert any(reason.startswith("needs ") for reason in left_out.values())


def _normalised(profile: Profile, rulebook: Rulebook) -> dict[str, Any]:
    """The profile as a plan carries it, worked out from the input profile directly."""
    data = profile.model_dump(mode="json")
    # the equipment at hand: the household basics not lacked, then what is listed, in the
    # vocabulary's order
    have = set(rulebook.equipment.household) - set(profile.lacks) | set(profile.equipment or ())
    known = [*rulebook.equipment.household, *rulebook.equipment.on_request]
    data["equipment"] = [name for name in known if name in have]
    for fx, fx_data in zip(profile.fractures, data["fractures"], strict=True):
        fx_data["approach"] = fx.effective_approach
        fx_data["weeks_since"] = round(profile.weeks_since(fx), 2)
    return data


def test_the_plan_profile_is_the_input_profile_normalised(rulebook: Rulebook) -> None:
    profiles = [
        make_profile(),
        make_profile(
            id="P-1",
            name="Ann Ñame",
            note="Keep going",
            sex="female",
            t_score=-3,
            tug_s=14,
            equipment=["firm_chair"],
            red_flags=["new_back_pain"],
            fractures=[
                {"site": "hip", "date": dt.date(2026, 10, 1), "treatment": "arthroplasty"},
                {"site": "vertebral", "weeks_since": 3, "count": 2},
            ],
        ),
    ]
    for profile in profiles:
        ours = plan_profile(profile, rulebook)
        expected = _normalised(profile, rulebook)
        assert json.dumps(ours.model_dump(mode="json")) == json.dumps(expected)
        assert ours.model_dump_json() == json.dumps(
            expected, ensure_ascii=False, separators=(",", ":")
        )
    hip = plan_profile(profiles[1], rulebook).fractures[0]
    assert hip.approach == "unknown" and hip.weeks_since == round(51 / 7, 2)


def test_the_plan_profile_has_every_profile_field_in_order() -> None:
    assert list(PlanProfile.model_fields) == list(Profile.model_fields)
