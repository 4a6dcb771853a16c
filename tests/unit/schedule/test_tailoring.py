"""The scheduler's view of the adjustments, and the week it shapes around rest days."""

from __future__ import annotations

import datetime as dt

from planner.profile.adjust import Adjustments
from planner.schedule.days import _rotations
from planner.schedule.layout import apart, max_days
from planner.schedule.tailoring import NO_TAILORING, Tailoring


def test_tailoring_of_the_adjustments() -> None:
    adjust = Adjustments.model_validate(
        {
            "drop": ["tai_chi"],
            "swap": ["brisk_walking=stationary_cycling"],
            "add": ["chin_tuck"],
            "hold": ["sit_to_stand=build"],
            "rest_days": ["sun"],
            "minutes_per_day": 30,
        }
    )
    t = Tailoring.of(adjust)
    assert t.dropped == {"tai_chi", "brisk_walking"}
    assert t.forced == ("stationary_cycling", "chin_tuck")
    assert t.held == {"sit_to_stand": "build"}
    assert (t.rest, t.budget) == (frozenset({6}), 30)
    assert Tailoring.of(Adjustments()) == NO_TAILORING


def test_rest_days_become_the_plans_day_numbers() -> None:
    sundays = Tailoring(rest=frozenset({6}))
    assert sundays.rest_slots(dt.date(2026, 11, 23)) == {6}  # a Monday start
    assert sundays.rest_slots(dt.date(2026, 11, 25)) == {4}  # a Wednesday start


def test_resistance_days_around_rest_days_are_never_adjacent() -> None:
    assert max_days("resistance") == 3
    assert max_days("resistance", frozenset({5, 6})) == 3  # Mon, Wed, Fri
    assert max_days("resistance", frozenset({1, 2, 4, 5})) == 2  # Mon, Thu, Sun: Sun-Mon adjacent
    assert max_days("balance", frozenset({6})) == 6
    for days in _rotations("resistance", 3, frozenset({5, 6})):
        assert apart(days) and not {5, 6} & set(days)


def test_other_sessions_avoid_rest_days_and_spread_evenly() -> None:
    options = _rotations("balance", 3, frozenset({6}))
    assert options and all(6 not in days for days in options)
    assert (0, 2, 4) in options and (0, 1, 2) not in options
