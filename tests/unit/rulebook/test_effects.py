"""Effects: each is recognised by its one key, refused with the same message otherwise, and
carries what the engine and the schedule read (levels in order, minutes by phase)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from planner.rulebook.conditions import FactTest
from planner.rulebook.effects import (
    Cap,
    CapLevels,
    Effect,
    Exclude,
    PhaseMinutes,
    Require,
    StopProgramme,
    Supervision,
    SuppressWarnings,
    SuspendRequirements,
    Warn,
)

EFFECT: TypeAdapter[Effect] = TypeAdapter(Effect)
ONE_OF = (
    "an effect is a mapping with exactly one of: exclude, cap, require, warn, "
    "suppress_warnings, supervision, suspend_requirements, stop_programme"
)
BALANCE = {"component": ["balance"]}
MINUTES = {"foundation": 10, "build": 20, "progress": 30}


def effect(data: Any) -> Effect:
    return EFFECT.validate_python(data)


def refused(data: Any) -> str:
    with pytest.raises(ValidationError) as err:
        effect(data)
    return str(err.value)


@pytest.mark.parametrize(
    ("data", "model"),
    [
        ({"exclude": {"tag": ["wrist_wb"]}, "never_do": "No weight through the wrist."}, Exclude),
        ({"cap": {"impact": "low"}}, Cap),
        ({"require": {"days": 2, "match": BALANCE, "label": "balance"}}, Require),
        ({"warn": "W_CAST_CARE"}, Warn),
        ({"suppress_warnings": ["W_CAST_CARE"]}, SuppressWarnings),
        ({"supervision": True, "if_planned": {"impact": ["moderate"]}}, Supervision),
        ({"suspend_requirements": True}, SuspendRequirements),
        ({"stop_programme": True}, StopProgramme),
    ],
)
def test_each_effect_is_recognised_by_its_key(data: dict[str, Any], model: type[Any]) -> None:
    assert type(effect(data)) is model


def test_an_effect_keeps_its_own_condition() -> None:
    parsed = effect({"warn": "W_SURGEON_CLEARANCE", "when": {"fact": "age", "ge": 65}})
    assert isinstance(parsed, Warn) and isinstance(parsed.when, FactTest)
    assert (parsed.when.fact, parsed.when.op, parsed.when.value) == ("age", "ge", 65)
    assert effect({"warn": "W_CAST_CARE"}).when is None


def test_an_effect_already_parsed_is_recognised_again() -> None:
    parsed = effect({"require": {"days": 2, "match": BALANCE, "label": "balance"}})
    assert effect(parsed) is parsed


@pytest.mark.parametrize(
    "data",
    [
        {"exclude": {"tag": ["wrist_wb"]}, "cap": {"impact": "low"}},  # two keys
        {"excludes": {"tag": ["wrist_wb"]}},  # an unknown key
        {"when": {"fact": "age", "ge": 65}},  # a condition with no effect
        "exclude",  # not a mapping
    ],
)
def test_an_effect_needs_exactly_one_known_key(data: Any) -> None:
    assert ONE_OF in refused(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cap": {}}, "a cap names impact, aerobic_intensity or balance_challenge"),
        ({"cap": {"impact": "extreme"}}, "Input should be 'none', 'low', 'moderate' or 'high'"),
        ({"warn": "CAST_CARE"}, "String should match pattern '^W_[A-Z0-9_]+$'"),
        ({"suppress_warnings": []}, "at least 1 item"),
        ({"supervision": False}, "Input should be True"),
        ({"stop_programme": False}, "Input should be True"),
        ({"exclude": {}}, "an exercise match needs at least one field"),
        ({"exclude": {"tag": ["wrist_wb"]}, "because": "x"}, "Extra inputs are not permitted"),
        ({"require": {"days": 8, "match": BALANCE, "label": "x"}}, "less than or equal to 7"),
        ({"require": {"days": 0, "match": BALANCE, "label": "x"}}, "greater than or equal to 1"),
        ({"require": {"days": 2, "match": BALANCE}}, "require.label\n  Field required"),
    ],
)
def test_a_malformed_effect_is_refused_with_its_reason(data: dict[str, Any], message: str) -> None:
    assert message in refused(data)


# --- requirements ----------------------------------------------------------------------------


def requirement(**fields: Any) -> dict[str, Any]:
    return {"require": {"days": 3, "match": BALANCE, "label": "balance", **fields}}


@pytest.mark.parametrize(
    "match",
    [
        {"component": ["balance", "resistance"]},  # two components
        {"slug": ["tai_chi"]},  # no component at all
        {"any_of": [BALANCE]},  # a component only inside any_of
    ],
)
def test_a_minutes_requirement_matches_exactly_one_component(match: dict[str, Any]) -> None:
    assert "a minutes requirement matches exactly one component" in refused(
        requirement(match=match, minutes=MINUTES)
    )


def test_a_minutes_requirement_on_one_component_loads_with_its_minutes_by_phase() -> None:
    parsed = effect(
        requirement(
            match={"component": ["balance"], "position": ["standing_support"]},
            minutes=MINUTES,
            spread={"above_minutes": 60, "days": 3},
        )
    )
    assert isinstance(parsed, Require)
    minutes = parsed.require.minutes
    assert minutes is not None
    assert [minutes.at(p) for p in ("foundation", "build", "progress")] == [10, 20, 30]
    assert parsed.require.spread is not None and parsed.require.spread.days == 3
    assert parsed.waived_by == []


def test_spread_needs_minutes() -> None:
    assert "spread goes with minutes" in refused(
        requirement(spread={"above_minutes": 60, "days": 3})
    )


@pytest.mark.parametrize(
    "minutes",
    [
        {"foundation": 10, "build": 20},  # a phase left out
        {"foundation": 0, "build": 20, "progress": 30},
        {"foundation": 10, "build": 20, "progress": 1001},
    ],
)
def test_minutes_name_every_phase_within_bounds(minutes: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        PhaseMinutes.model_validate(minutes)


# --- caps ------------------------------------------------------------------------------------


def test_cap_levels_items_are_the_levels_given_in_field_order() -> None:
    levels = CapLevels.model_validate({"balance_challenge": "moderate", "impact": "low"})
    assert levels.items() == [("impact", "low"), ("balance_challenge", "moderate")]
    every = CapLevels(impact="none", aerobic_intensity="moderate", balance_challenge="low")
    assert every.items() == [
        ("impact", "none"),
        ("aerobic_intensity", "moderate"),
        ("balance_challenge", "low"),
    ]
    assert CapLevels(aerobic_intensity="light").items() == [("aerobic_intensity", "light")]


def test_a_cap_with_no_level_is_refused() -> None:
    with pytest.raises(
        ValidationError,
        match=re.escape("a cap names impact, aerobic_intensity or balance_challenge"),
    ):
        CapLevels.model_validate({})
