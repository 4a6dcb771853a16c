"""The facts rules test, derived once from a profile (guidance 10.0): fracture counts,
osteoporosis by density, the healing-fracture window and its boundary, red flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.profile.facts import FACTS, HEALING_WEEKS, is_healing, profile_facts, window_under
from tests.conftest import ASSESSED, make_profile


def _facts(**fields: Any) -> dict[str, Any]:
    return profile_facts(make_profile(**fields))


def test_every_declared_fact_is_derived_and_nothing_else() -> None:
    assert set(profile_facts(make_profile())) == set(FACTS)


def test_choice_and_ordered_facts_take_only_their_declared_values() -> None:
    facts = _facts(sex="female", ability="frail", bone_status="osteopenia", red_flags=["other"])
    for name, spec in FACTS.items():
        if spec.kind in ("choice", "ordered"):
            assert facts[name] in spec.choices, name
        elif spec.kind == "set":
            assert facts[name] <= set(spec.choices), name
    assert facts["fall_risk"] == "high"  # frail


@pytest.mark.parametrize(
    ("fractures", "prior", "count", "vertebral"),
    [
        ([], 0, 0, 0),
        ([], 2, 2, 0),
        ([{"site": "vertebral", "weeks_since": 30, "count": 3}], 0, 3, 3),
        (
            [
                {"site": "vertebral", "weeks_since": 30, "count": 2},
                {"site": "wrist", "weeks_since": 8},
                {"site": "vertebral", "weeks_since": 100},
            ],
            1,
            5,
            3,
        ),
        ([{"site": "hip", "weeks_since": 30}], 4, 5, 0),
    ],
)
def test_fracture_count_counts_vertebral_entries_and_prior_fractures(
    fractures: list[dict[str, Any]], prior: int, count: int, vertebral: int
) -> None:
    facts = _facts(fractures=fractures, prior_fractures=prior)
    assert (facts["fracture_count"], facts["vertebral_fracture_count"]) == (count, vertebral)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, False),
        ({"bone_status": "osteoporosis"}, True),
        ({"bone_status": "osteopenia"}, False),
        ({"t_score": -2.5}, True),
        ({"t_score": -2.4}, False),
        ({"bone_status": "osteopenia", "t_score": -3.1}, True),
        ({"bone_status": "osteoporosis", "t_score": -1.0}, True),
    ],
)
def test_osteoporosis_by_density_from_status_or_t_score(
    fields: dict[str, Any], expected: bool
) -> None:
    assert _facts(**fields)["osteoporosis_by_density"] is expected


@pytest.mark.parametrize(
    ("weeks", "cleared", "healing"),
    [
        (0, False, True),
        (11.9, True, True),
        (12, False, True),
        (12, True, False),
        (12.1, False, False),
        (30, False, False),
    ],
)
def test_healing_fracture_boundary_holds_on_its_last_day_unless_cleared(
    weeks: float, cleared: bool, healing: bool
) -> None:
    facts = _facts(fractures=[{"site": "wrist", "weeks_since": weeks, "cleared": cleared}])
    assert facts["healing_fracture"] is healing


def test_healing_fracture_boundary_from_a_date_twelve_weeks_back() -> None:
    on_the_day = ASSESSED - dt.timedelta(weeks=HEALING_WEEKS)
    a_day_later = on_the_day - dt.timedelta(days=1)
    assert _facts(fractures=[{"site": "hip", "date": on_the_day}])["healing_fracture"] is True
    assert (
        _facts(fractures=[{"site": "hip", "date": on_the_day, "cleared": True}])["healing_fracture"]
        is False
    )
    assert _facts(fractures=[{"site": "hip", "date": a_day_later}])["healing_fracture"] is False


def test_a_fracture_still_in_a_cast_is_healing_however_old() -> None:
    facts = _facts(fractures=[{"site": "wrist", "weeks_since": 40, "in_cast": True}])
    assert facts["healing_fracture"] is True
    profile = make_profile(
        fractures=[{"site": "wrist", "weeks_since": 40, "in_cast": True, "cleared": True}]
    )
    assert is_healing(profile, profile.fractures[0])


def test_one_healing_fracture_among_old_ones_is_enough() -> None:
    old = {"site": "vertebral", "weeks_since": 80}
    assert _facts(fractures=[old])["healing_fracture"] is False
    assert _facts(fractures=[old, {"site": "wrist", "weeks_since": 3}])["healing_fracture"] is True


@pytest.mark.parametrize(
    ("weeks", "limit", "cleared", "inside"),
    [(5.9, 6, True, True), (6, 6, False, True), (6, 6, True, False), (6.01, 6, False, False)],
)
def test_window_under_includes_its_last_day_unless_cleared(
    weeks: float, limit: float, cleared: bool, inside: bool
) -> None:
    assert window_under(weeks, limit, cleared) is inside


def test_any_red_flag_and_the_set_of_flags() -> None:
    none = _facts()
    assert (none["any_red_flag"], none["red_flags"]) == (False, frozenset())
    some = _facts(red_flags=["suspected_clot", "new_back_pain"])
    assert some["any_red_flag"] is True
    assert some["red_flags"] == frozenset({"suspected_clot", "new_back_pain"})


def test_back_pain_not_given_is_zero_and_measurements_not_taken_stay_none() -> None:
    facts = _facts()
    assert facts["back_pain"] == 0
    assert (facts["t_score"], facts["tug_s"], facts["sex"]) == (None, None, None)
    assert _facts(back_pain=6)["back_pain"] == 6


def test_fall_risk_is_the_effective_grade_not_only_the_given_one() -> None:
    assert _facts(fall_risk="low", falls_12m=2)["fall_risk"] == "high"
    assert _facts(fall_risk="intermediate")["fall_risk"] == "intermediate"
    assert _facts()["fall_risk"] == "low"


def test_profile_fields_pass_through_unchanged() -> None:
    facts = _facts(
        age=82,
        falls_12m=1,
        injurious_fall_12m=True,
        kyphosis=True,
        supervision_available=True,
        unsteady=True,
    )
    assert (facts["age"], facts["falls_12m"]) == (82, 1)
    assert facts["injurious_fall_12m"] and facts["kyphosis"] and facts["unsteady"]
    assert facts["supervision_available"] and not facts["long_lie_12m"]
