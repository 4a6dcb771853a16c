"""Conditions over a profile: each comparison, fracture windows and combinations."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from planner import Profile
from planner.profile.facts import profile_facts
from planner.rulebook.conditions import Condition, FractureMatch, fracture_matches, holds
from tests.conftest import make_profile

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


def cond(data: dict[str, Any]) -> Condition:
    return CONDITION.validate_python(data)


def check(data: dict[str, Any], profile: Profile) -> bool:
    return holds(cond(data), profile, profile_facts(profile))


def fractured(**fracture: Any) -> Profile:
    return make_profile(fractures=[fracture])


# --- fact tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ({"fact": "age", "eq": 70}, True),
        ({"fact": "age", "eq": 71}, False),
        ({"fact": "age", "ne": 71}, True),
        ({"fact": "age", "ne": 70}, False),
        ({"fact": "age", "lt": 70}, False),
        ({"fact": "age", "lt": 71}, True),
        ({"fact": "age", "le": 70}, True),
        ({"fact": "age", "le": 69}, False),
        ({"fact": "age", "gt": 70}, False),
        ({"fact": "age", "gt": 69}, True),
        ({"fact": "age", "ge": 70}, True),
        ({"fact": "age", "ge": 71}, False),
        ({"fact": "age", "in": [65, 70, 75]}, True),
        ({"fact": "age", "in": [65, 75]}, False),
    ],
)
def test_each_number_comparison(test: dict[str, Any], expected: bool) -> None:
    assert check(test, make_profile(age=70)) is expected


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ({"fact": "ability", "eq": "independent"}, True),
        ({"fact": "ability", "lt": "fit"}, True),  # frail < limited < independent < fit
        ({"fact": "ability", "lt": "independent"}, False),
        ({"fact": "ability", "le": "independent"}, True),
        ({"fact": "ability", "gt": "limited"}, True),
        ({"fact": "ability", "gt": "independent"}, False),
        ({"fact": "ability", "ge": "fit"}, False),
        ({"fact": "ability", "in": ["frail", "limited"]}, False),
    ],
)
def test_ordered_facts_compare_by_their_order_not_their_spelling(
    test: dict[str, Any], expected: bool
) -> None:
    assert check(test, make_profile(ability="independent")) is expected


def test_fall_risk_compares_the_effective_grade() -> None:
    assert not check({"fact": "fall_risk", "ge": "intermediate"}, make_profile())
    assert check({"fact": "fall_risk", "ge": "intermediate"}, make_profile(unsteady=True))
    assert check({"fact": "fall_risk", "eq": "high"}, make_profile(fall_risk="high"))


def test_bool_and_choice_facts() -> None:
    profile = make_profile(kyphosis=True, sex="female")
    assert check({"fact": "kyphosis", "eq": True}, profile)
    assert not check({"fact": "kyphosis", "ne": True}, profile)
    assert check({"fact": "sex", "eq": "female"}, profile)
    assert check({"fact": "sex", "in": ["female", "other"]}, profile)
    assert not check({"fact": "sex", "ne": "female"}, profile)


def test_a_value_not_recorded_satisfies_no_comparison() -> None:
    profile = make_profile()  # no sex, no T-score, no Timed Up and Go
    assert not check({"fact": "sex", "ne": "male"}, profile)
    assert not check({"fact": "t_score", "le": -2.5}, profile)
    assert not check({"fact": "t_score", "ne": 0}, profile)
    assert not check({"fact": "tug_s", "ge": 12}, profile)


def test_set_facts_contain_one_or_any() -> None:
    profile = make_profile(red_flags=["cast_problem", "new_back_pain"])
    assert check({"fact": "red_flags", "contains": "cast_problem"}, profile)
    assert not check({"fact": "red_flags", "contains": "chest_symptoms"}, profile)
    assert check(
        {"fact": "red_flags", "contains_any": ["chest_symptoms", "new_back_pain"]}, profile
    )
    assert not check({"fact": "red_flags", "contains_any": ["chest_symptoms"]}, make_profile())


@pytest.mark.parametrize(
    ("test", "message"),
    [
        ({"fact": "fall_risks", "eq": "high"}, "unknown fact 'fall_risks'"),
        ({"fact": "age"}, "fact 'age' needs exactly one comparison of: eq, ge, gt, in, le, lt, ne"),
        ({"fact": "age", "ge": 65, "le": 80}, "fact 'age' needs exactly one comparison of"),
        ({"fact": "age", "contains": 3}, "'contains' does not apply to number fact 'age'"),
        ({"fact": "kyphosis", "ge": True}, "'ge' does not apply to bool fact 'kyphosis'"),
        ({"fact": "age", "ge": "old"}, "fact 'age' cannot be 'old'; expected a number"),
        ({"fact": "age", "ge": True}, "fact 'age' cannot be True; expected a number"),
        (
            {"fact": "fall_risk", "eq": "hihg"},
            "fact 'fall_risk' cannot be 'hihg'; expected low, intermediate, high",
        ),
        ({"fact": "ability", "in": ["fit", "strong"]}, "fact 'ability' cannot be 'strong'"),
        ({"nothing": 1}, "a condition is a mapping with exactly one of: all, any, not, fact"),
        ({"all": [], "any": []}, "a condition is a mapping with exactly one of"),
        ({"all": []}, "at least 1 item"),
    ],
)
def test_a_malformed_condition_is_refused_with_its_reason(
    test: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as err:
        cond(test)
    assert message in str(err.value)
    assert "did you mean" not in str(err.value)  # a hint travels apart from the message


@pytest.mark.parametrize(
    ("test", "hint"),
    [
        ({"fact": "fall_risks", "eq": "high"}, "fall_risk"),
        ({"fact": "fall_risk", "eq": "hihg"}, "high"),
    ],
)
def test_a_misspelt_fact_or_value_carries_its_hint(test: dict[str, Any], hint: str) -> None:
    with pytest.raises(ValidationError) as err:
        cond(test)
    assert [e["ctx"]["suggestion"] for e in err.value.errors() if "ctx" in e] == [hint]


# --- fractures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "cleared", "expected"),
    [
        (5.9, False, True),
        (6, False, True),  # guidance 10.0 item 1: "< 6 weeks" still holds at 6 weeks ...
        (6, True, False),  # ... unless the fracture has been cleared
        (6.1, False, False),
        (5.9, True, True),
    ],
)
def test_weeks_under_includes_its_boundary_unless_cleared(
    weeks: float, cleared: bool, expected: bool
) -> None:
    profile = fractured(site="wrist", weeks_since=weeks, cleared=cleared)
    assert check({"fracture": {"site": ["wrist"], "weeks_under": 6}}, profile) is expected


@pytest.mark.parametrize(("weeks", "expected"), [(11.9, False), (12, True), (30, True)])
def test_weeks_at_least(weeks: float, expected: bool) -> None:
    profile = fractured(site="hip", weeks_since=weeks)
    assert check({"fracture": {"weeks_at_least": 12}}, profile) is expected


@pytest.mark.parametrize(("weeks", "expected"), [(52, True), (52.1, False)])
def test_weeks_at_most(weeks: float, expected: bool) -> None:
    profile = fractured(site="hip", weeks_since=weeks)
    assert check({"fracture": {"weeks_at_most": 52}}, profile) is expected


def test_each_fracture_field_must_hold() -> None:
    profile = fractured(
        site="hip", weeks_since=8, treatment="arthroplasty", approach="posterior", cause="fall"
    )
    assert check({"fracture": {"site": ["hip"], "treatment": ["arthroplasty"]}}, profile)
    assert check({"fracture": {"approach": ["posterior"], "cause": ["fall"]}}, profile)
    assert not check({"fracture": {"site": ["hip"], "approach": ["anterior"]}}, profile)
    assert not check({"fracture": {"site": ["wrist"]}}, profile)
    assert not check({"fracture": {"cleared": True}}, profile)
    assert check({"fracture": {"in_cast": False, "healing": True}}, profile)


def test_an_arthroplasty_without_an_approach_matches_unknown() -> None:
    profile = fractured(site="hip", weeks_since=8, treatment="arthroplasty")
    assert check({"fracture": {"approach": ["unknown"]}}, profile)
    assert not check({"fracture": {"approach": ["posterior"]}}, profile)


def test_a_fracture_in_a_cast_is_healing_whatever_its_age() -> None:
    assert check(
        {"fracture": {"healing": True}}, fractured(site="wrist", weeks_since=20, in_cast=True)
    )
    assert check({"fracture": {"healing": False}}, fractured(site="wrist", weeks_since=20))
    assert check({"fracture": {"healing": True}}, fractured(site="wrist", weeks_since=12))
    assert not check(
        {"fracture": {"healing": True}}, fractured(site="wrist", weeks_since=12, cleared=True)
    )


def test_some_fracture_is_enough() -> None:
    profile = make_profile(
        fractures=[{"site": "wrist", "weeks_since": 30}, {"site": "hip", "weeks_since": 4}]
    )
    assert check({"fracture": {"site": ["hip"], "weeks_under": 6}}, profile)
    assert not check({"fracture": {"site": ["wrist"], "weeks_under": 6}}, profile)


def test_every_fracture_needs_all_that_match_and_at_least_one() -> None:
    spec = {"every_fracture": {"of": {"site": ["wrist"]}, "are": {"cleared": True}}}
    both = make_profile(
        fractures=[
            {"site": "wrist", "weeks_since": 14, "cleared": True},
            {"site": "wrist", "weeks_since": 20, "cleared": True},
            {"site": "hip", "weeks_since": 3},
        ]
    )
    one = make_profile(
        fractures=[
            {"site": "wrist", "weeks_since": 14, "cleared": True},
            {"site": "wrist", "weeks_since": 4},
        ]
    )
    assert check(spec, both)
    assert not check(spec, one)
    assert not check(spec, fractured(site="hip", weeks_since=3))  # no wrist fracture at all
    assert not check(spec, make_profile())


def test_fracture_matches_finds_every_window_for_review_dates() -> None:
    condition = cond(
        {
            "any": [
                {"not": {"fracture": {"site": ["wrist"], "weeks_under": 6}}},
                {"fact": "age", "ge": 65},
                {
                    "every_fracture": {
                        "of": {"site": ["hip"]},
                        "are": {"weeks_at_least": 12, "weeks_at_most": 52},
                    }
                },
            ]
        }
    )
    found = fracture_matches(condition)
    assert [m.boundaries() for m in found] == [[6.0], [], [12.0, 52.0]]
    assert fracture_matches(None) == []
    assert FractureMatch(site=["hip"]).boundaries() == []


# --- all, any, not -------------------------------------------------------------------------------

OLD = {"fact": "age", "ge": 65}
PAIN = {"fact": "back_pain", "ge": 5}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"all": [OLD, PAIN]}, False),
        ({"all": [OLD]}, True),
        ({"any": [OLD, PAIN]}, True),
        ({"any": [PAIN]}, False),
        ({"not": PAIN}, True),
        ({"not": OLD}, False),
        ({"not": {"not": OLD}}, True),
        ({"all": [OLD, {"not": PAIN}]}, True),
        ({"any": [PAIN, {"all": [OLD, {"fact": "kyphosis", "eq": False}]}]}, True),
    ],
)
def test_all_any_not(data: dict[str, Any], expected: bool) -> None:
    assert check(data, make_profile(age=70, back_pain=2)) is expected


def test_no_condition_always_holds() -> None:
    assert holds(None, make_profile(), profile_facts(make_profile()))
