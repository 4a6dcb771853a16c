"""The re-tests' published cut-offs (guidance 12.2), judged on a profile's latest results."""

from __future__ import annotations

import pytest

from planner.profile.cutoffs import chair_stand_norm, past_cutoffs
from tests.conftest import make_profile


@pytest.mark.parametrize(
    ("age", "sex", "norm"),
    [
        (60, "male", 14),
        (64, "female", 12),
        (72, "female", 10),
        (72, "male", 12),
        (92, "female", 4),
        (85, None, 8),
        (59, "female", None),
        (95, "male", None),
    ],
)
def test_chair_stand_norms_by_age_and_sex(age: int, sex: str | None, norm: int | None) -> None:
    assert chair_stand_norm(age, sex) == norm


def test_results_past_their_cut_offs_are_named() -> None:
    profile = make_profile(
        age=72, sex="female", tug_s=12, chair_stands=9, balance_stage=2, one_leg_s=4.5
    )
    assert past_cutoffs(profile, profile.age, profile.sex) == [
        "Timed Up and Go 12 s (12 s or more)",
        "30-second chair stand 9 (below average for age 72: fewer than 10)",
        "4-stage balance test: cannot hold the tandem stance for 10 s",
        "single-leg stance 4.5 s (under 5 s)",
    ]


def test_results_inside_the_cut_offs_and_tests_not_done_say_nothing() -> None:
    inside = make_profile(tug_s=11.9, chair_stands=10, balance_stage=3, one_leg_s=5)
    assert past_cutoffs(inside, 72, "female") == []
    assert past_cutoffs(make_profile(), 72, "female") == []
    assert past_cutoffs(make_profile(chair_stands=2), 50, "female") == []  # no norm under 60
