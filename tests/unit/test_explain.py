"""The explanation a physiotherapist reads: every rule fired with why and its sources, every
exclusion with each rule's own reason, every choice, what could not be met and what was
assumed."""

from __future__ import annotations

import pytest

from planner import Rulebook, build_plan
from planner.explain import render_explanation, unmet_lines
from planner.plan import Plan
from tests.conftest import having_only, make_profile

HIP_NO_APPROACH = {"site": "hip", "weeks_since": 5, "treatment": "arthroplasty", "cause": "fall"}


@pytest.fixture(scope="module")
def plan(rulebook: Rulebook) -> Plan:
    profile = make_profile(red_flags=["new_back_pain"], fractures=[HIP_NO_APPROACH])
    return build_plan(profile, rulebook)


def section(text: str, heading: str) -> list[str]:
    """The lines under a heading, up to the next blank line."""
    return text.split(f"\n\n{heading}\n", 1)[1].split("\n\n", 1)[0].splitlines()


def test_the_head_says_who_the_plan_is_for_and_which_rules_made_it(
    plan: Plan, rulebook: Rulebook
) -> None:
    lines = render_explanation(plan, rulebook).splitlines()
    assert lines[:4] == [
        "Profile: age 70, ability independent, 1 fracture(s) listed",
        "Falls risk: high (because: the hip fracture 5 weeks ago was caused by a fall)",
        f"Rules: {rulebook.info.name}, version {rulebook.info.version}",
        "",
    ]
    low = build_plan(make_profile(), rulebook)
    assert render_explanation(low, rulebook).splitlines()[1] == "Falls risk: low"


def test_every_rule_fired_with_why_its_rationale_and_sources(
    plan: Plan, rulebook: Rulebook
) -> None:
    text = render_explanation(plan, rulebook)
    assert f"\n\nRules fired ({len(plan.rules_fired)})\n" in text
    for fired in plan.rules_fired:
        rule = rulebook.rule(fired.id)
        block = [f"  {fired.id}  {rule.title}  [{', '.join(rule.sources)}]"]
        block += [f"      because: {why}" for why in plan.explanation.because[fired.id]]
        block += [f"      rationale: {rule.rationale}"]
        assert "\n" + "\n".join(block) + "\n" in text, fired.id
    assert "      because: Red flag reported: new back pain\n" in text


def test_each_exclusion_with_each_rules_own_reason(plan: Plan, rulebook: Rulebook) -> None:
    text = render_explanation(plan, rulebook)
    lines = section(text, f"Left out by rules ({len(plan.excluded)})")
    expected = []
    for item in plan.excluded:
        expected.append(f"  {item.slug}")
        expected += [f"      {r.rule}: {r.reason}" for r in item.reasons]
    assert lines == expected
    jumps = lines[lines.index("  star_jumps") + 1 :]
    jumps = jumps[: next(i for i, line in enumerate(jumps) if not line.startswith("      "))]
    assert (
        "      R-RED-1: until the red flag is reviewed, only gentle walking, posture and mobility"
        in (jumps)
    )
    assert "      R-FX-2: impact above low" in jumps


def test_the_choices_and_what_was_not_chosen(plan: Plan, rulebook: Rulebook) -> None:
    text = render_explanation(plan, rulebook)
    chosen = section(text, "In the plan, and why")
    assert chosen == [f"  {n.slug}: {'; '.join(n.reasons)}" for n in plan.explanation.chosen]
    assert {line.split(":")[0].strip() for line in chosen} == {e.slug for e in plan.exercises()}
    left = section(text, "Not chosen")
    assert left == [f"  {n.slug}: {n.reason}" for n in plan.explanation.left_out]


def test_caps_and_lifted_requirements(plan: Plan, rulebook: Rulebook) -> None:
    text = render_explanation(plan, rulebook)
    assert section(text, "Caps (lowest wins)") == [
        "  impact: at most low",
        "  aerobic_intensity: at most light",
    ]
    lifted = section(text, "Requirements lifted")
    assert lifted == [f"  {item}" for item in plan.explanation.lifted] and lifted
    assert all("(lifted by R-RED-1" in line for line in lifted)
    assert "Caps (lowest wins)" not in render_explanation(
        build_plan(make_profile(), rulebook), rulebook
    )


def test_a_lifted_requirement_names_each_lifting_rule_once(plan: Plan, rulebook: Rulebook) -> None:
    for line in section(render_explanation(plan, rulebook), "Requirements lifted"):
        rules = line.split("(lifted by ")[1].rstrip(")").split(", ")
        assert len(rules) == len(set(rules)), line


def test_warnings_another_rule_suppressed_are_named(plan: Plan, rulebook: Rulebook) -> None:
    assert "Warnings not printed" not in render_explanation(plan, rulebook)
    explanation = plan.explanation.model_copy(
        update={"suppressed": {"W_HIP_PRECAUTIONS_POSTERIOR": ["R-HIP-6"]}}
    )
    text = render_explanation(plan.model_copy(update={"explanation": explanation}), rulebook)
    assert section(text, "Warnings not printed") == ["  W_HIP_PRECAUTIONS_POSTERIOR (by R-HIP-6)"]


def test_what_could_not_be_met(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="limited", **having_only("firm_chair")), rulebook)
    assert plan.unmet
    lines = section(render_explanation(plan, rulebook), "Could not be met")
    expected = []
    for item in plan.unmet:
        expected += [
            f"  {item.rule}: {item.label}",
            f"      required: {item.required}; found: {item.found}",
            f"      why: {item.reason}",
        ]
    assert lines == expected
    met = build_plan(make_profile(), rulebook)
    assert unmet_lines(met) == ["", "Could not be met: nothing; every requirement was met"]


def test_every_cited_source_once_and_the_notes_last(plan: Plan, rulebook: Rulebook) -> None:
    text = render_explanation(plan, rulebook)
    cited = sorted({key for rule in plan.rules_fired for key in rule.sources})
    assert section(text, "Sources") == [
        f"  [{key}] {rulebook.sources[key].citation}" for key in cited
    ]
    (note,) = plan.explanation.notes
    assert "approach not given" in note
    assert text.endswith(f"\n\nNote: {note}\n")
