"""What the clinician's copy prints: every exclusion under its rule's reason with exercise names,
what could not be met, the rules fired with their sources, the rule set's sha256, all in clinical
words rather than the rule engine's names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from planner import Rulebook, build_plan
from planner.plan import Plan
from planner.render.clinic import Clinic
from planner.render.clinician import clinician_context
from planner.render.findings import fracture_line, profile_rows
from planner.render.plain import Plain
from tests.conftest import having_only, make_profile

TODAY = dt.date(2026, 11, 23)
POSTERIOR_HIP = {
    "site": "hip",
    "weeks_since": 3,
    "cause": "fall",
    "treatment": "arthroplasty",
    "approach": "posterior",
}
PROFILES: dict[str, dict[str, Any]] = {
    "posterior_hip": {"age": 80, "ability": "limited", "fractures": [POSTERIOR_HIP]},
    "few_things_at_home": {"ability": "limited", **having_only("firm_chair")},
    "hip_approach_unknown": {
        "fractures": [{"site": "hip", "weeks_since": 5, "treatment": "arthroplasty"}]
    },
    "vertebral": {
        "fractures": [{"site": "vertebral", "weeks_since": 3, "count": 2, "cause": "lifting"}],
        "back_pain": 6,
        "kyphosis": True,
    },
    "wrist_in_cast": {
        "fractures": [{"site": "wrist", "weeks_since": 3, "treatment": "cast", "in_cast": True}],
        "red_flags": ["cast_problem"],
    },
    "frail_faller": {"ability": "frail", "falls_12m": 3, "long_lie_12m": True},
    "stopped": {"red_flags": ["chest_symptoms"]},
    "fit": {"ability": "fit", "bone_status": "osteopenia", "t_score": -1.8},
}
#: Words of the rule language (slugs, fact and tag names, key=value) a clinician never reads.
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
KEY_VALUE = re.compile(r"\b[a-z_]+\s*=\s*\S")
CAP_WORDS = {"impact": "impact", "aerobic intensity": "aerobic effort"}


def plan_for(rulebook: Rulebook, key: str) -> Plan:
    return build_plan(make_profile(**PROFILES[key]), rulebook)


def context(plan: Plan, rulebook: Rulebook) -> dict[str, Any]:
    return clinician_context(plan, rulebook, Clinic(name="Riverside"), TODAY)


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


def test_exclusions_are_grouped_by_each_rules_reason_with_exercise_names(
    rulebook: Rulebook,
) -> None:
    plan = plan_for(rulebook, "posterior_hip")
    ctx = context(plan, rulebook)
    groups = ctx["exclusions"]
    assert ctx["excluded_count"] == len(plan.excluded)
    keys = [(g["rule"], g["reason"]) for g in groups]
    assert len(keys) == len(set(keys)), "one group for each rule and reason"
    titles = {r.id: r.title for r in plan.rules_fired}
    order = [r.id for r in plan.rules_fired]
    assert [order.index(g["rule"]) for g in groups] == sorted(
        order.index(g["rule"]) for g in groups
    ), "groups follow the order the rules fired in"
    plain = Plain(rulebook)
    for item in plan.excluded:
        name = rulebook.exercises[item.slug].name
        for pair in item.reasons:
            reason = plain(pair.reason)
            for engine, words in CAP_WORDS.items():  # "impact above low": impact higher than low
                reason = reason.replace(f"{engine} above ", f"{words} higher than ")
            (group,) = [g for g in groups if (g["rule"], g["reason"]) == (pair.rule, reason)]
            assert name in group["names"], (item.slug, pair.rule)
            assert group["title"] == titles[pair.rule]
    for g in groups:
        assert g["names"] == sorted(g["names"], key=str.lower)
        assert not set(g["names"]) & set(rulebook.exercises), "names, never slugs"
    named = {n for g in groups for n in g["names"]}
    assert len(named) == len(plan.excluded)


def test_a_caps_exclusion_is_worded_from_the_cap(rulebook: Rulebook) -> None:
    plan = plan_for(rulebook, "posterior_hip")
    assert plan.explanation.caps == {"impact": "low"}
    engine = [r for e in plan.excluded for r in e.reasons if r.rule == "R-HIP-1"]
    assert "impact above low" in {r.reason for r in engine}
    hip = {g["reason"] for g in context(plan, rulebook)["exclusions"] if g["rule"] == "R-HIP-1"}
    assert "impact higher than low" in hip
    assert not any(" above " in g["reason"] for g in context(plan, rulebook)["exclusions"])
    gentle = build_plan(make_profile(red_flags=["new_back_pain"]), rulebook)
    reasons = {g["reason"] for g in context(gentle, rulebook)["exclusions"]}
    assert "aerobic effort higher than light" in reasons
    assert context(gentle, rulebook)["limits"] == ["Aerobic effort: light at most"]


def test_unmet_requirements_say_what_was_required_found_and_why(rulebook: Rulebook) -> None:
    plan = plan_for(rulebook, "few_things_at_home")
    rows = context(plan, rulebook)["unmet"]
    assert plan.unmet and len(rows) == len(plan.unmet)
    titles = {r.id: r.title for r in plan.rules_fired}
    plain = Plain(rulebook)
    for row, item in zip(rows, plan.unmet, strict=True):
        assert row["rule"] == item.rule and row["title"] == titles[item.rule]
        assert row["label"] == item.label
        assert (row["required"], row["found"]) == (item.required, item.found)
        assert row["reason"] == plain(item.reason)
    walking = next(r for r in rows if r["rule"] == "R-GEN-2")
    shoes = rulebook.equipment.labels["supportive_shoes"]
    assert "comfortable_walking" not in next(u.reason for u in plan.unmet if u.rule == "R-GEN-2")
    assert rulebook.exercises["comfortable_walking"].name in walking["reason"]
    assert shoes in walking["reason"]
    assert context(plan_for(rulebook, "fit"), rulebook)["unmet"] == []


def test_the_rules_fired_with_why_and_their_sources(rulebook: Rulebook) -> None:
    plan = plan_for(rulebook, "posterior_hip")
    ctx = context(plan, rulebook)
    assert [r["id"] for r in ctx["rules"]] == [r.id for r in plan.rules_fired]
    for row, fired in zip(ctx["rules"], plan.rules_fired, strict=True):
        assert row["sources"] == fired.sources and row["sources"]
        assert len(row["why"]) == len(plan.explanation.because[fired.id])
    hip = next(r for r in ctx["rules"] if r["id"] == "R-HIP-2")
    assert any("posterior approach" in why for why in hip["why"])
    cited = {key for r in plan.rules_fired for key in r.sources}
    keys = [key for key, _ in ctx["sources"]]
    assert set(keys) == cited and keys == sorted(keys, key=str.lower)
    assert all(source == rulebook.sources[key] for key, source in ctx["sources"])


def test_the_rule_set_is_named_with_its_version_and_sha256(rulebook: Rulebook) -> None:
    ctx = context(plan_for(rulebook, "fit"), rulebook)
    assert ctx["ruleset"].sha256 == rulebook.sha256
    assert ctx["ruleset"].version == rulebook.info.version
    assert ctx["ruleset_name"] == rulebook.info.name


def test_the_profile_fractures_and_falls_risk(rulebook: Rulebook) -> None:
    plan = plan_for(rulebook, "posterior_hip")
    ctx = context(plan, rulebook)
    assert ctx["profile"] == profile_rows(plan, rulebook)
    assert ctx["fractures"] == [fracture_line(f) for f in plan.profile.fractures]
    assert ctx["fall_risk"] == plan.fall_risk == "high"
    assert ctx["fall_reasons"] == ["the hip fracture 3 weeks ago was caused by a fall"]
    assert ctx["assessed"] == "Saturday 21 November 2026"
    assert ctx["supervision"] == {
        "required": True,
        "rules": [
            (
                "R-FALL-2",
                "High falls risk with limited mobility, frailty, recurrent falls or a long lie",
            )
        ],
    }
    chosen = [c["name"] for c in ctx["chosen"]]
    assert chosen == [rulebook.exercises[n.slug].name for n in plan.explanation.chosen]


def test_the_copy_says_what_the_booklet_tells_the_patient(rulebook: Rulebook) -> None:
    full = context(plan_for(rulebook, "fit"), rulebook)
    assert full["status"] is None and full["cover_notice"] is None
    gentle_plan = build_plan(make_profile(red_flags=["new_back_pain"]), rulebook)
    gentle = context(gentle_plan, rulebook)
    assert gentle["status"].startswith("Gentle plan until reviewed")
    assert gentle["cover_notice"] == rulebook.warnings["W_GENTLE_UNTIL_REVIEWED"].title
    assert gentle["cover_notice"] not in gentle["advice_titles"]
    stopped = context(plan_for(rulebook, "stopped"), rulebook)
    assert stopped["status"].startswith("Programme stopped")
    assert stopped["cover_notice"].startswith("Do not start this programme")
    assert stopped["weeks"] == 0 and stopped["stopped"]
    stop = rulebook.warnings["W_STOP_SYMPTOMS"].title
    assert all(stop in ctx["stop_titles"] for ctx in (full, gentle, stopped))


@pytest.mark.parametrize("key", list(PROFILES))
def test_no_rule_engine_name_reaches_the_printed_values(key: str, rulebook: Rulebook) -> None:
    ctx = context(plan_for(rulebook, key), rulebook)
    # the bibliography quotes titles and addresses as published
    printed = {k: v for k, v in ctx.items() if k not in {"clinic", "ruleset", "sources"}}
    for text in texts(printed):
        assert not SNAKE_CASE.search(text), text
        assert not KEY_VALUE.search(text), text


def test_a_review_blocks_plan_line_gives_its_review_date(rulebook: Rulebook) -> None:
    """The head's review date and the list of what changed are two things: the Plan row of a
    later block says when to come back, and the changes are listed under the programme."""
    from planner.render.html import render_html
    from planner.review.block import review
    from planner.review.visit import Visit

    first = build_plan(make_profile(assessed_on=TODAY), rulebook, weeks=12)
    visit = Visit.model_validate({"visit_date": "2027-02-15", "falls": [{"date": "2027-01-10"}]})
    later = review(first, visit, rulebook).plan
    html = render_html(later, rulebook, document="clinician", clinic=Clinic(), today=TODAY)
    row = re.search(r'<th scope="row">Plan</th><td>(.*?)</td>', html)
    assert row is not None
    assert row.group(1) == f"12 weeks from Monday 15 February 2027; review by {long(later)}"
    assert "What changed and why" in html


def long(plan: Plan) -> str:
    from planner.render.wording import long_date

    return long_date(plan.review_date)
