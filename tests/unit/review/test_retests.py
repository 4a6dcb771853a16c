"""A visit's re-tests, judged by the same published cut-offs as the profile's (guidance 12.2)."""

from __future__ import annotations

from planner.profile.cutoffs import past_cutoffs
from planner.review.retests import ReTests


def test_a_visits_results_past_their_cut_offs_are_named() -> None:
    tests = ReTests(tug_s=12, chair_stands=9, balance_stage=2, one_leg_s=4.5)
    assert past_cutoffs(tests, 72, "female") == [
        "Timed Up and Go 12 s (12 s or more)",
        "30-second chair stand 9 (below average for age 72: fewer than 10)",
        "4-stage balance test: cannot hold the tandem stance for 10 s",
        "single-leg stance 4.5 s (under 5 s)",
    ]


def test_results_inside_the_cut_offs_and_tests_not_done_change_nothing() -> None:
    inside = ReTests(tug_s=11.9, chair_stands=10, balance_stage=3, one_leg_s=5)
    assert past_cutoffs(inside, 72, "female") == []
    assert past_cutoffs(ReTests(), 72, "female") == [] and not ReTests().done
    assert ReTests(one_leg_s=6).done
