"""Conditions in clinical words: each finding that made a condition hold, with the patient's own
value, as ``osteoplan explain`` and the clinician's copy print them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from planner import Profile
from planner.profile.facts import profile_facts
from planner.rulebook.conditions import Condition
from planner.rulebook.describe import cast_words, describe, red_flag_words
from tests.conftest import make_profile

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
OLD = {"fact": "age", "ge": 65}
PAIN = {"fact": "back_pain", "ge": 5}


def words(data: dict[str, Any] | None, profile: Profile) -> list[str]:
    condition = None if data is None else CONDITION.validate_python(data)
    return describe(condition, profile, profile_facts(profile))


def fractured(**fracture: Any) -> Profile:
    return make_profile(fractures=[fracture])


def test_no_condition_in_words() -> None:
    assert words(None, make_profile()) == ["Applies to everyone"]


# --- all, any, not ---------------------------------------------------------------------------


def test_a_threshold_in_words_names_the_value_and_the_line_crossed() -> None:
    profile = make_profile(age=70, back_pain=6)
    assert words(PAIN, profile) == ["Back pain 6/10 (5 or more)"]
    assert words(OLD, profile) == ["Age 70 (65 or over)"]
    assert words({"all": [OLD, PAIN, OLD]}, profile) == [
        "Age 70 (65 or over)",
        "Back pain 6/10 (5 or more)",
    ]


def test_any_in_words_names_the_part_that_held() -> None:
    profile = make_profile(age=70, back_pain=6)
    assert words({"any": [{"fact": "age", "ge": 80}, PAIN]}, profile) == [
        "Back pain 6/10 (5 or more)"
    ]


def test_not_in_words_names_what_is_absent() -> None:
    profile = fractured(site="wrist", weeks_since=14, cleared=True)
    assert words({"not": {"fact": "any_red_flag", "eq": True}}, profile) == ["No red flags"]
    assert words(
        {"not": {"fracture": {"site": ["hip"], "treatment": ["arthroplasty"]}}}, profile
    ) == ["No hip replacement"]


def test_not_all_names_only_the_parts_that_fail_and_not_any_names_each_part() -> None:
    profile = make_profile(age=70)
    kyphosis = {"fact": "kyphosis", "eq": True}
    assert words({"not": {"all": [{"fact": "age", "ge": 80}, {"not": kyphosis}]}}, profile) == [
        "Age 70"
    ]
    assert words({"not": {"any": [{"fact": "age", "ge": 80}, kyphosis]}}, profile) == [
        "Age 70",
        "No hyperkyphosis",
    ]


# --- fractures -------------------------------------------------------------------------------


def test_a_fracture_in_words_names_the_window_and_the_patients_own_facts() -> None:
    profile = fractured(site="wrist", weeks_since=3, in_cast=True)
    assert words({"fracture": {"site": ["wrist"], "weeks_under": 6}}, profile) == [
        "Wrist fracture under 6 weeks (3 weeks ago, in a cast or splint)"
    ]


@pytest.mark.parametrize(
    ("match", "fracture", "line"),
    [
        (
            {"site": ["wrist"], "in_cast": True},
            {"site": "wrist", "weeks_since": 3, "in_cast": True},
            "Wrist fracture in a cast or splint (3 weeks ago)",
        ),
        (
            {"site": ["humerus"], "in_cast": True},
            {"site": "humerus", "weeks_since": 3, "in_cast": True},
            "Upper-arm fracture in a sling (3 weeks ago)",
        ),
        (  # a match over several sites cannot say which
            {"site": ["wrist", "humerus"], "in_cast": True},
            {"site": "humerus", "weeks_since": 3, "in_cast": True},
            "Upper-arm fracture in a cast, splint or sling (3 weeks ago)",
        ),
        (
            {"site": ["wrist"], "in_cast": False},
            {"site": "wrist", "weeks_since": 8},
            "Wrist fracture, out of its cast or sling (8 weeks ago)",
        ),
        (  # the match does not ask, so the patient's own sling is named
            {"site": ["humerus"], "weeks_under": 6},
            {"site": "humerus", "weeks_since": 3, "in_cast": True},
            "Upper-arm fracture under 6 weeks (3 weeks ago, in a sling)",
        ),
    ],
)
def test_a_cast_is_named_in_the_words_of_its_site(
    match: dict[str, Any], fracture: dict[str, Any], line: str
) -> None:
    assert words({"fracture": match}, fractured(**fracture)) == [line]


@pytest.mark.parametrize(
    ("site", "said"),
    [
        ("wrist", "in a cast or splint"),
        ("humerus", "in a sling"),
        ("hip", "in a cast, splint or sling"),
    ],
)
def test_cast_words_by_site(site: str, said: str) -> None:
    assert cast_words(site) == said


@pytest.mark.parametrize(
    ("match", "fracture", "line"),
    [
        (
            {"site": ["wrist"], "cleared": True},
            {"site": "wrist", "weeks_since": 8, "cleared": True},
            "Wrist fracture, cleared (8 weeks ago)",
        ),
        (
            {"site": ["wrist"], "cleared": False},
            {"site": "wrist", "weeks_since": 8},
            "Wrist fracture, not yet cleared (8 weeks ago)",
        ),
        (  # the match does not ask, so the patient's clearance is named
            {"site": ["wrist"]},
            {"site": "wrist", "weeks_since": 8, "cleared": True},
            "Wrist fracture (8 weeks ago, cleared)",
        ),
    ],
)
def test_clearance_in_words(match: dict[str, Any], fracture: dict[str, Any], line: str) -> None:
    assert words({"fracture": match}, fractured(**fracture)) == [line]


@pytest.mark.parametrize(
    ("match", "fracture", "line"),
    [
        (
            {"site": ["hip"], "treatment": ["fixation"], "weeks_under": 12},
            {"site": "hip", "weeks_since": 8, "treatment": "fixation"},
            "Hip fracture operation under 12 weeks (8 weeks ago)",
        ),
        (
            {"site": ["hip"], "treatment": ["arthroplasty"], "approach": ["posterior", "unknown"]},
            {"site": "hip", "weeks_since": 8, "treatment": "arthroplasty"},
            "Hip replacement, posterior approach or approach not recorded (8 weeks ago)",
        ),
        (
            {
                "site": ["wrist"],
                "treatment": ["cast", "conservative"],
                "weeks_at_least": 6,
                "weeks_under": 12,
            },
            {"site": "wrist", "weeks_since": 8, "treatment": "cast"},
            "Wrist fracture, treated in a cast or treated without surgery, 6 to 12 weeks "
            "(8 weeks ago)",
        ),
        (
            {"cause": ["fall"], "weeks_at_most": 52},
            {"site": "pelvis", "weeks_since": 30, "cause": "fall"},
            "Pelvic fracture, caused by a fall, in the last 12 months (about 7 months ago)",
        ),
        (
            {"site": ["vertebral"], "healing": True},
            {"site": "vertebral", "weeks_since": 4, "count": 3},
            "Vertebral fracture, still healing (4 weeks ago, 3 vertebrae)",
        ),
        (
            {"site": ["vertebral"], "healing": False},
            {"site": "vertebral", "weeks_since": 40},
            "Vertebral fracture, healed (about 9 months ago)",
        ),
    ],
)
def test_treatment_cause_and_windows_in_words(
    match: dict[str, Any], fracture: dict[str, Any], line: str
) -> None:
    assert words({"fracture": match}, fractured(**fracture)) == [line]


def test_every_fracture_in_words_lists_each_one() -> None:
    profile = make_profile(
        fractures=[
            {"site": "wrist", "weeks_since": 14, "cleared": True},
            {"site": "humerus", "weeks_since": 20, "cleared": True},
        ]
    )
    spec = {
        "every_fracture": {
            "of": {"site": ["wrist", "humerus"]},
            "are": {"cleared": True, "weeks_at_least": 12},
        }
    }
    assert words(spec, profile) == [
        "Every fracture at least 12 weeks, cleared "
        "(wrist fracture 14 weeks ago; upper-arm fracture 20 weeks ago)"
    ]


def test_every_fracture_of_one_site_names_the_site_once() -> None:
    profile = make_profile(
        fractures=[
            {"site": "wrist", "weeks_since": 14, "cleared": True},
            {"site": "wrist", "weeks_since": 20, "cleared": True},
        ]
    )
    spec = {"every_fracture": {"of": {"site": ["wrist"]}, "are": {"cleared": True}}}
    assert words(spec, profile) == ["Every wrist fracture, cleared (14 weeks ago; 20 weeks ago)"]


def test_not_every_fracture_names_the_fracture_that_keeps_it_from_holding() -> None:
    spec = {"not": {"every_fracture": {"of": {"site": ["wrist"]}, "are": {"cleared": True}}}}
    one_not_cleared = make_profile(
        fractures=[
            {"site": "wrist", "weeks_since": 14, "cleared": True},
            {"site": "wrist", "weeks_since": 4},
        ]
    )
    assert words(spec, one_not_cleared) == ["Wrist fracture (4 weeks ago)"]
    assert words(spec, make_profile()) == ["No wrist fracture"]


def test_a_healing_fracture_in_words_names_each_one() -> None:
    profile = make_profile(
        fractures=[
            {"site": "wrist", "weeks_since": 3, "in_cast": True},
            {"site": "hip", "weeks_since": 40},
        ]
    )
    assert words({"fact": "healing_fracture", "eq": True}, profile) == [
        "A fracture still healing (wrist fracture 3 weeks ago, in a cast or splint)"
    ]
    healed = fractured(site="wrist", weeks_since=30)
    assert words({"not": {"fact": "healing_fracture", "eq": True}}, healed) == [
        "No fracture still healing"
    ]


# --- red flags -------------------------------------------------------------------------------


def test_fall_risk_and_red_flags_in_words() -> None:
    falls = fractured(site="wrist", weeks_since=3, cause="fall")
    assert words({"fact": "fall_risk", "eq": "high"}, falls) == [
        "Falls risk high: the wrist fracture 3 weeks ago was caused by a fall"
    ]
    flags = make_profile(red_flags=["cast_problem", "new_back_pain"])
    assert words({"fact": "red_flags", "contains": "cast_problem"}, flags) == [
        "Red flag reported: a problem with the cast"
    ]


def test_any_red_flag_lists_every_flag_in_words() -> None:
    profile = make_profile(red_flags=["wound_problem", "new_back_pain", "chest_symptoms"])
    assert words({"fact": "any_red_flag", "eq": True}, profile) == [
        "Red flag reported: chest symptoms, new back pain and a problem with the wound"
    ]


def test_contains_any_names_only_the_flags_asked_for_that_were_reported() -> None:
    profile = make_profile(red_flags=["wound_problem", "suspected_clot", "chest_symptoms"])
    test = {"fact": "red_flags", "contains_any": ["chest_symptoms", "suspected_clot", "other"]}
    assert words(test, profile) == ["Red flag reported: chest symptoms and a suspected clot"]


def test_a_red_flag_absent_in_words() -> None:
    test = {"not": {"fact": "red_flags", "contains": "chest_symptoms"}}
    assert words(test, make_profile()) == ["No red flags"]


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        ([], ""),
        (["other"], "another red flag"),
        (
            ["leg_neuro_symptoms", "cast_problem"],
            "a problem with the cast and new leg numbness or weakness",
        ),
        (["some_new_flag"], "some new flag"),  # a flag without words still reads as words
    ],
)
def test_red_flag_words(flags: list[str], said: str) -> None:
    assert red_flag_words(flags) == said


# --- back pain and other facts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "pain", "line"),
    [
        ({"fact": "back_pain", "ge": 5}, 5, "Back pain 5/10"),  # on the line: nothing crossed
        ({"fact": "back_pain", "gt": 4}, 7, "Back pain 7/10 (more than 4)"),
        ({"fact": "back_pain", "le": 3}, 2, "Back pain 2/10 (3 or less)"),
        ({"fact": "back_pain", "lt": 3}, 1, "Back pain 1/10 (under 3)"),
        ({"not": {"fact": "back_pain", "ge": 5}}, 2, "Back pain 2/10"),
    ],
)
def test_back_pain_in_words(test: dict[str, Any], pain: int, line: str) -> None:
    assert words(test, make_profile(back_pain=pain)) == [line]


@pytest.mark.parametrize(
    ("test", "fields", "line"),
    [
        ({"fact": "kyphosis", "eq": False}, {}, "No hyperkyphosis"),
        (
            {"fact": "osteoporosis_by_density", "eq": True},
            {"t_score": -2.8},
            "Osteoporosis on bone density (T-score -2.8)",
        ),
        ({"fact": "t_score", "le": -2.5}, {"t_score": -3.1}, "T-score -3.1 (-2.5 or less)"),
        ({"fact": "falls_12m", "eq": 0}, {}, "No falls in the last 12 months"),
        ({"fact": "falls_12m", "ge": 1}, {"falls_12m": 1}, "1 fall in the last 12 months"),
        ({"fact": "ability", "le": "limited"}, {"ability": "frail"}, "Frail"),
        ({"fact": "tug_s", "ge": 12}, {"tug_s": 15}, "Timed Up and Go 15 s (12 or more)"),
    ],
)
def test_other_facts_in_words(test: dict[str, Any], fields: dict[str, Any], line: str) -> None:
    assert words(test, make_profile(**fields)) == [line]


# --- falls risk ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        (
            {"injurious_fall_12m": True, "falls_12m": 2},
            "Falls risk high: an injurious fall in the last 12 months; 2 falls in the last 12 "
            "months",
        ),
        (
            {"ability": "frail", "long_lie_12m": True, "syncope_suspected": True},
            "Falls risk high: a long lie (on the floor for an hour or more) after a fall; "
            "suspected syncope; frail",
        ),
        (
            {"fall_risk": "high"},
            "Falls risk high: graded high by the clinician (the recorded facts alone give low)",
        ),
    ],
)
def test_a_high_falls_risk_gives_every_reason(fields: dict[str, Any], line: str) -> None:
    assert words({"fact": "fall_risk", "eq": "high"}, make_profile(**fields)) == [line]


def test_an_intermediate_falls_risk_gives_its_reasons() -> None:
    profile = make_profile(unsteady=True, tug_s=13.5)
    assert words({"fact": "fall_risk", "ge": "intermediate"}, profile) == [
        "Falls risk intermediate: feels unsteady; Timed Up and Go 13.5 s (12 s or more)"
    ]


def test_a_low_falls_risk_has_no_reasons_and_an_old_fall_fracture_is_not_one() -> None:
    old_fall = fractured(site="hip", weeks_since=60, cause="fall")
    assert words({"fact": "fall_risk", "eq": "low"}, old_fall) == ["Falls risk low"]
