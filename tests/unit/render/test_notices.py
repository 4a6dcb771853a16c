"""The plan's warnings as both documents print them ("stop" or advice, with the rulebook's
title), and the "gentle plan until reviewed" box that replaces "do not start" over exercises."""

from __future__ import annotations

import dataclasses

from planner import Rulebook, build_plan
from planner.plan import Plan, PlanWarning
from planner.render.notices import (
    GENTLE_CODE,
    GENTLE_FALLBACK,
    STOP_CODE,
    gentle_box,
    printed_warnings,
)
from tests.conftest import make_profile


def with_warnings(plan: Plan, rulebook: Rulebook, *codes: str) -> Plan:
    warnings = [
        PlanWarning(code=code, text=rulebook.warnings[code].text, rules=["R-RED-0"])
        for code in codes
    ]
    return plan.model_copy(update={"warnings": warnings})


def test_each_warning_is_printed_with_its_title_and_kind(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="frail", falls_12m=3), rulebook)
    printed = printed_warnings(plan, rulebook)
    assert [w["code"] for w in printed] == [w.code for w in plan.warnings]
    assert [w["text"] for w in printed] == [w.text for w in plan.warnings]
    for w in printed:
        known = rulebook.warnings[w["code"]]
        assert (w["title"], w["kind"]) == (known.title, known.kind)
    kinds = {w["code"]: w["kind"] for w in printed}
    assert kinds["W_STOP_SYMPTOMS"] == "stop"
    assert kinds["W_FALLS_REFERRAL"] == "advice"


def test_a_warning_the_rulebook_does_not_know_is_printed_as_a_stop(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    odd = PlanWarning(code="W_FROM_ELSEWHERE", text="Ring the clinic first.", rules=["R-X"])
    (printed,) = printed_warnings(plan.model_copy(update={"warnings": [odd]}), rulebook)
    assert printed == {
        "code": "W_FROM_ELSEWHERE",
        "title": "Important",
        "text": "Ring the clinic first.",
        "kind": "stop",
    }


def test_a_red_flag_plan_with_weeks_gets_the_gentle_box(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["new_back_pain"]), rulebook)
    box = gentle_box(plan, rulebook, printed_warnings(plan, rulebook))
    gentle = rulebook.warnings[GENTLE_CODE]
    assert box == {
        "code": GENTLE_CODE,
        "title": gentle.title,
        "text": gentle.text,
        "kind": "advice",
    }


def test_a_stopped_plan_and_a_plan_without_red_flags_have_no_gentle_box(
    rulebook: Rulebook,
) -> None:
    for fields in ({"red_flags": ["chest_symptoms"]}, {}):
        plan = build_plan(make_profile(**fields), rulebook)
        assert gentle_box(plan, rulebook, printed_warnings(plan, rulebook)) is None
    stopped = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    assert not stopped.weeks
    assert STOP_CODE in {w.code for w in stopped.warnings}


def test_do_not_start_over_exercises_becomes_the_gentle_box(rulebook: Rulebook) -> None:
    # A rule set that still sends the do-not-start warning with a plan of exercises: the
    # booklet never tells the patient not to start above the exercises it gives them.
    plan = with_warnings(build_plan(make_profile(), rulebook), rulebook, STOP_CODE)
    assert plan.weeks
    box = gentle_box(plan, rulebook, printed_warnings(plan, rulebook))
    gentle = rulebook.warnings[GENTLE_CODE]
    assert box == {
        "code": GENTLE_CODE,
        "title": gentle.title,
        "text": gentle.text,
        "kind": "advice",
    }
    without = {code: w for code, w in rulebook.warnings.items() if code != GENTLE_CODE}
    older = dataclasses.replace(rulebook, warnings=without)
    box = gentle_box(plan, older, printed_warnings(plan, older))
    assert box is not None and (box["title"], box["text"]) == GENTLE_FALLBACK
    assert "Do not start" not in box["text"] and box["kind"] == "advice"
