"""The rule format: an id of capitals and hyphenated parts, at least one effect, at least one
source; no condition means the rule always applies."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from planner.rulebook.conditions import All
from planner.rulebook.effects import Cap, Warn
from planner.rulebook.rules import Rule, RuleFile


def rule(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "R-WR-1",
        "title": "Wrist fracture under 6 weeks",
        "when": {"fracture": {"site": ["wrist"], "weeks_under": 6}},
        "then": [{"cap": {"impact": "low"}}, {"warn": "W_CAST_CARE"}],
        "rationale": "Protect the healing wrist.",
        "sources": ["NHS-wrist"],
    }
    data.update(fields)
    return data


def test_a_rule_loads_its_condition_and_effects_in_order() -> None:
    loaded = Rule.model_validate(rule(when={"all": [{"fact": "age", "ge": 65}]}))
    assert isinstance(loaded.when, All)
    assert [type(e) for e in loaded.then] == [Cap, Warn]
    assert loaded.notes is None


def test_a_rule_without_a_condition_always_applies() -> None:
    assert Rule.model_validate({k: v for k, v in rule().items() if k != "when"}).when is None


@pytest.mark.parametrize("rule_id", ["R-WR-1", "R-HIP-6", "R-GEN-10", "RX-2B", "R-RED-1-A"])
def test_a_rule_id_of_capitals_and_hyphenated_parts(rule_id: str) -> None:
    assert Rule.model_validate(rule(id=rule_id)).id == rule_id


@pytest.mark.parametrize(
    "rule_id", ["r-wr-1", "R-wr-1", "RWR1", "R-", "R--1", "-R-1", "R WR 1", "1-WR", "R-WR-1 "]
)
def test_a_malformed_rule_id_is_refused(rule_id: str) -> None:
    with pytest.raises(ValidationError, match="String should match pattern"):
        Rule.model_validate(rule(id=rule_id))


@pytest.mark.parametrize(
    ("fields", "where"),
    [({"sources": []}, "sources"), ({"then": []}, "then")],
)
def test_a_rule_needs_a_source_and_an_effect(fields: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError) as err:
        Rule.model_validate(rule(**fields))
    assert [(e["loc"], e["type"]) for e in err.value.errors()] == [((where,), "too_short")]


@pytest.mark.parametrize("field", ["id", "title", "then", "rationale", "sources"])
def test_a_rule_without_a_required_field_is_refused(field: str) -> None:
    data = {k: v for k, v in rule().items() if k != field}
    with pytest.raises(ValidationError) as err:
        Rule.model_validate(data)
    assert [(e["loc"], e["type"]) for e in err.value.errors()] == [((field,), "missing")]


def test_a_misspelt_rule_key_is_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Rule.model_validate(rule(source=["NHS-wrist"]))


def test_a_rule_file_lists_at_least_one_rule() -> None:
    assert [r.id for r in RuleFile.model_validate({"rules": [rule()]}).rules] == ["R-WR-1"]
    with pytest.raises(ValidationError, match="at least 1 item"):
        RuleFile.model_validate({"rules": []})
