"""What adjustments name is checked first: known exercises, a budget within the ability's, a
preset the clinic defines."""

from __future__ import annotations

import pytest

from planner import Rulebook, build_plan
from planner.errors import ProfileError
from planner.profile.adjust import Adjustments
from planner.tailor.names import check_names, with_preset
from tests.conftest import make_profile


def test_an_unknown_exercise_gets_a_did_you_mean(rulebook: Rulebook) -> None:
    with pytest.raises(ProfileError) as caught:
        check_names(make_profile(adjust={"drop": ["tai_chii"]}), rulebook)
    problem = caught.value.problems[0]
    assert (problem.field, problem.suggestion) == ("adjust.drop[0].exercise", "tai_chi")


def test_an_equipment_name_suggests_the_exercise_that_uses_it(rulebook: Rulebook) -> None:
    with pytest.raises(ProfileError) as caught:
        check_names(make_profile(adjust={"swap": ["brisk_walking=exercise_bike"]}), rulebook)
    problem = caught.value.problems[0]
    assert (problem.field, problem.suggestion) == ("adjust.swap[0].for", "stationary_cycling")


def test_the_daily_budget_stays_within_the_abilitys(rulebook: Rulebook) -> None:
    with pytest.raises(ProfileError, match="above 60 minutes, the most for ability 'limited'"):
        check_names(make_profile(ability="limited", adjust={"minutes_per_day": 61}), rulebook)
    check_names(make_profile(ability="limited", adjust={"minutes_per_day": 60}), rulebook)


def test_an_exercise_cannot_be_both_put_in_and_left_out(rulebook: Rulebook) -> None:
    with pytest.raises(ProfileError, match="'chin_tuck' is both put in and left out"):
        check_names(make_profile(adjust={"add": ["chin_tuck"], "drop": ["chin_tuck"]}), rulebook)


def test_a_preset_adds_its_adjustments(rulebook: Rulebook) -> None:
    presets = {"post_hip_class": Adjustments.model_validate({"rest_days": ["sun"]})}
    profile = with_preset(make_profile(preset="post_hip_class"), presets)
    assert profile.adjust.rest_days == ("sun",)
    plan = build_plan(make_profile(preset="post_hip_class"), rulebook, presets=presets)
    assert plan.profile.adjust.rest_days == ("sun",)
    assert not plan.weeks[0].days[6].sessions  # the plan starts on a Monday


def test_an_unknown_preset_names_the_field_and_the_nearest(rulebook: Rulebook) -> None:
    presets = {"post_hip_class": Adjustments()}
    with pytest.raises(ProfileError) as caught:
        with_preset(make_profile(preset="post_hip_clas"), presets)
    assert caught.value.problems[0].field == "preset"
    assert caught.value.problems[0].suggestion == "post_hip_class"
    with pytest.raises(ProfileError, match="give --clinic"):
        with_preset(make_profile(preset="post_hip_class"), None)


def test_a_preset_is_checked_like_the_profiles_own(rulebook: Rulebook) -> None:
    from planner.errors import AdjustmentRefused

    presets = {"jumps": Adjustments.model_validate({"add": ["hopping"]})}
    with pytest.raises(AdjustmentRefused, match="R-GEN-5"):
        build_plan(make_profile(ability="limited", preset="jumps"), rulebook, presets=presets)
