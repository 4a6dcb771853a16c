"""The plan-v1 models: the JSON contract (stable, keyed "schema", without the explanation), the
plan's exercises in order of first appearance, a day's minutes, and each exclusion's reasons."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from planner import Rulebook, build_plan
from planner.plan import PLAN_SCHEMA, Day, Plan, Session
from tests.conftest import make_profile

TOP_KEYS = [
    "schema",
    "ruleset",
    "profile",
    "fall_risk",
    "start_date",
    "review_date",
    "weeks",
    "warnings",
    "excluded",
    "rules_fired",
    "supervision",
    "unmet",
    "adjustments",
    "programme",
    "review",
]


@pytest.fixture(scope="module")
def plan(rulebook: Rulebook) -> Plan:
    return build_plan(make_profile(id="P-1", ability="limited", falls_12m=2), rulebook)


def test_the_json_is_stable_and_keyed_as_the_contract_says(plan: Plan, rulebook: Rulebook) -> None:
    text = plan.to_json()
    again = build_plan(make_profile(id="P-1", ability="limited", falls_12m=2), rulebook)
    assert again.to_json() == text, "the same profile and rules give the same text"
    assert text.endswith("}\n") and text.startswith('{\n  "schema": "osteoplan/plan-v1",\n')
    data = json.loads(text)
    assert list(data) == TOP_KEYS
    assert data["schema"] == PLAN_SCHEMA == "osteoplan/plan-v1"
    assert "explanation" not in data and "schema_" not in text
    assert data["start_date"] == "2026-11-23" and data["profile"]["assessed_on"] == "2026-11-21"
    assert data["ruleset"] == {"version": rulebook.info.version, "sha256": rulebook.sha256}
    assert json.dumps(data, indent=2) + "\n" == text


def test_the_schema_is_read_by_its_alias_and_no_other_is_accepted(plan: Plan) -> None:
    dumped = plan.model_dump()
    assert dumped["schema"] == PLAN_SCHEMA and "explanation" not in dumped
    again = Plan.model_validate({**dumped, "explanation": plan.explanation})
    assert again == plan
    by_name = {k: v for k, v in dumped.items() if k != "schema"} | {"schema_": PLAN_SCHEMA}
    assert Plan.model_validate({**by_name, "explanation": plan.explanation}) == plan
    with pytest.raises(ValidationError, match="osteoplan/plan-v1"):
        Plan.model_validate(
            {**dumped, "schema": "osteoplan/plan-v2", "explanation": plan.explanation}
        )


def test_exercises_are_each_listed_once_in_order_of_first_appearance(plan: Plan) -> None:
    listed = plan.exercises()
    seen: list[str] = []
    for day in plan.weeks[0].days:
        for session in day.sessions:
            seen += [e.slug for e in session.exercises if e.slug not in seen]
    assert [e.slug for e in listed] == seen and len(seen) > 3
    every = {e.slug for w in plan.weeks for d in w.days for s in d.sessions for e in s.exercises}
    assert set(seen) == every, "the same exercises every week"
    # each as it first appears in week 1, with that day's dose and minutes
    for listed_ex in listed:
        first = next(
            e
            for d in plan.weeks[0].days
            for s in d.sessions
            for e in s.exercises
            if e.slug == listed_ex.slug
        )
        assert listed_ex == first


def test_a_stopped_plan_has_no_exercises(rulebook: Rulebook) -> None:
    stopped = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    assert stopped.weeks == [] and stopped.exercises() == []
    assert json.loads(stopped.to_json())["weeks"] == []


def test_a_days_minutes_are_its_sessions_minutes(plan: Plan) -> None:
    for day in plan.weeks[0].days:
        assert day.minutes == sum(s.minutes for s in day.sessions)
    rest = Day(day=4, weekday="Thursday", sessions=[])
    assert rest.minutes == 0
    two = Day(
        day=1,
        weekday="Monday",
        sessions=[
            Session(component="balance", minutes=6, exercises=[]),
            Session(component="posture", minutes=7, exercises=[]),
        ],
    )
    assert two.minutes == 13


def test_each_exclusion_lists_every_rule_with_its_own_reason(plan: Plan) -> None:
    assert plan.excluded
    for item in plan.excluded:
        assert item.reasons, item.slug
        assert sorted({r.rule for r in item.reasons}) == sorted(item.rules)
        assert item.reason == "; ".join(dict.fromkeys(r.reason for r in item.reasons))
    several = next(e for e in plan.excluded if len({r.rule for r in e.reasons}) > 1)
    assert len({r.reason for r in several.reasons}) > 1
    twice = next(e for e in plan.excluded if e.slug == "star_jumps")
    data = json.loads(plan.to_json())
    row = next(e for e in data["excluded"] if e["slug"] == "star_jumps")
    assert row["reasons"] == [{"rule": r.rule, "reason": r.reason} for r in twice.reasons]
