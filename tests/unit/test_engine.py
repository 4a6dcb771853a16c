"""The engine's merge: most restrictive wins, waivers, suspension, conditional effects."""

from __future__ import annotations

from planner import Rulebook
from planner.engine import decide
from tests.conftest import make_profile


def fired(profile, rulebook: Rulebook) -> set[str]:
    return {r.id for r in decide(profile, rulebook).fired}


def test_the_lowest_cap_wins_and_names_every_rule_that_set_it(rulebook: Rulebook) -> None:
    profile = make_profile(ability="frail", fractures=[{"site": "vertebral", "weeks_since": 30}])
    decisions = decide(profile, rulebook)
    level, rules = decisions.caps["impact"]
    assert level == "low"
    assert {"R-IMP-2", "R-FRAIL-1", "R-FALL-1"} <= set(rules)
    assert "R-IMP-3" not in rules  # capped at moderate: not the binding cap
    # ... yet its exclusion is still recorded against the high-impact entries it excludes.
    assert "R-IMP-3" in decisions.exclusions["star_jumps"].rules


def test_exclusions_are_the_union_with_every_reason(rulebook: Rulebook) -> None:
    profile = make_profile(fractures=[{"site": "wrist", "weeks_since": 2, "in_cast": True}])
    exclusion = decide(profile, rulebook).exclusions["wall_push_up"]
    assert "R-WR-1" in exclusion.rules
    assert any("weight through the hands" in reason for _, reason in exclusion.reasons)


def test_acute_vertebral_fracture_waives_the_resistance_minimum(rulebook: Rulebook) -> None:
    decisions = decide(make_profile(fractures=[{"site": "vertebral", "weeks_since": 2}]), rulebook)
    lifted = {(lift.rule, lift.requirement.label) for lift in decisions.lifted}
    assert ("R-GEN-2", "strength exercises on 2 days") in lifted
    assert any(lift.rule == "R-GEN-6" and "R-VF-2" in lift.by for lift in decisions.lifted)
    active = {(r.rule, r.requirement.label) for r in decisions.requirements}
    assert ("R-GEN-2", "posture and back exercises on 2 days") in active


def test_a_red_flag_suspends_every_other_minimum(rulebook: Rulebook) -> None:
    decisions = decide(make_profile(red_flags=["new_back_pain"]), rulebook)
    assert {r.rule for r in decisions.requirements} == {"R-RED-1"}
    # Guidance 10.0 item 11: a gentle plan, so "see your doctor soon", never "do not start".
    assert "W_GENTLE_UNTIL_REVIEWED" in decisions.warnings
    assert "W_MEDICAL_REVIEW_FIRST" not in decisions.warnings
    assert not decisions.stop


def test_urgent_red_flags_stop_the_programme(rulebook: Rulebook) -> None:
    decisions = decide(make_profile(red_flags=["suspected_clot"]), rulebook)
    assert decisions.stop == ["R-RED-0"]


def test_window_boundary_applies_both_rules_until_cleared(rulebook: Rulebook) -> None:
    at_six = fired(make_profile(fractures=[{"site": "wrist", "weeks_since": 6}]), rulebook)
    assert {"R-WR-1", "R-WR-2"} <= at_six
    cleared = fired(
        make_profile(fractures=[{"site": "wrist", "weeks_since": 6, "cleared": True}]), rulebook
    )
    assert "R-WR-1" not in cleared and "R-WR-2" in cleared


def test_cleared_hip_precautions_are_not_printed(rulebook: Rulebook) -> None:
    fx = {"site": "hip", "weeks_since": 14, "treatment": "arthroplasty", "approach": "posterior"}
    assert "W_HIP_PRECAUTIONS_POSTERIOR" in decide(make_profile(fractures=[fx]), rulebook).warnings
    cleared = decide(make_profile(fractures=[{**fx, "cleared": True}]), rulebook)
    assert "R-HIP-6" in {r.id for r in cleared.fired}
    assert "W_HIP_PRECAUTIONS_POSTERIOR" not in cleared.warnings


def test_heavy_lifting_needs_a_fit_supervised_person(rulebook: Rulebook) -> None:
    unsupervised = decide(make_profile(ability="fit"), rulebook)
    assert "deadlift_supervised" in unsupervised.exclusions
    supervised = decide(make_profile(ability="fit", supervision_available=True), rulebook)
    assert "deadlift_supervised" not in supervised.exclusions
    assert any(c.code == "W_HIGH_INTENSITY_SUPERVISION" for c in supervised.conditionals)


def test_a_fall_caused_fracture_this_year_makes_falls_rules_fire(rulebook: Rulebook) -> None:
    profile = make_profile(fractures=[{"site": "wrist", "weeks_since": 20, "cause": "fall"}])
    assert {"R-FALL-1", "R-FX-1"} <= fired(profile, rulebook)


def test_every_red_flag_gives_the_gentle_plan_or_stops_it(rulebook: Rulebook) -> None:
    from typing import get_args

    from planner.vocabulary import RedFlag

    for flag in get_args(RedFlag):
        fired = {r.id for r in decide(make_profile(red_flags=[flag]), rulebook).fired}
        assert "R-RED-1" in fired, flag


def test_a_new_red_flag_fires_r_red_1_with_no_rule_edit(rulebook: Rulebook) -> None:
    # A flag the vocabulary does not know yet (model_copy skips validation): the rule
    # reads the any_red_flag fact, not a list of flags.
    profile = make_profile().model_copy(update={"red_flags": ("new_flag_not_yet_listed",)})
    decisions = decide(profile, rulebook)
    assert "R-RED-1" in {r.id for r in decisions.fired}
    assert {r.rule for r in decisions.requirements} == {"R-RED-1"}
