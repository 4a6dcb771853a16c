"""Adjusted plans on paper: the clinician's copy lists each adjustment with its reason and its
effect, and an accepted unmet requirement with the clinician's reason; the booklet prints the
patient's note and never the clinician's reasons; any text stays text, never markup."""

from __future__ import annotations

import datetime as dt

from planner import Rulebook, build_plan
from planner.render.html import render_html
from tests.conftest import make_profile

TODAY = dt.date(2026, 11, 23)
ADJUST = {
    "drop": ["tandem_stance: cannot manage <b>it</b> yet"],
    "rest_days": ["sun"],
    "note": "Walk with your daughter on Saturdays.",
}


def test_the_clinicians_copy_lists_each_adjustment(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(adjust=ADJUST), rulebook)
    html = render_html(plan, rulebook, document="clinician", today=TODAY)
    assert "Adjusted by the physiotherapist" in html
    assert "Dropped Heel-to-toe stand: cannot manage &lt;b&gt;it&lt;/b&gt; yet (met R-GEN-3" in html
    assert "Rest days: no exercise on Sunday" in html
    assert "<b>it</b>" not in html


def test_an_accepted_unmet_requirement_shows_the_clinicians_reason(rulebook: Rulebook) -> None:
    adjust = {"rest_days": ["sun"], "accept_unmet": "family day"}
    fractures = [{"site": "wrist", "weeks_since": 3, "cause": "other"}]
    plan = build_plan(make_profile(fractures=fractures, adjust=adjust), rulebook)
    html = render_html(plan, rulebook, document="clinician", today=TODAY)
    assert "Accepted by the clinician:</strong> family day" in html


def test_the_booklet_prints_the_note_but_not_the_reasons(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(adjust=ADJUST), rulebook)
    html = render_html(plan, rulebook, today=TODAY)
    assert "Walk with your daughter on Saturdays." in html
    assert "cannot manage" not in html


def test_an_unadjusted_plan_has_no_adjustment_section(rulebook: Rulebook) -> None:
    html = render_html(
        build_plan(make_profile(), rulebook), rulebook, document="clinician", today=TODAY
    )
    assert "Adjusted by the physiotherapist" not in html


def test_a_lower_falls_grade_than_the_facts_give_is_explained(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(falls_12m=2, fall_risk="low"), rulebook)
    assert plan.fall_risk == "high"
    assert (
        "falls risk: you gave low; the facts give high because 2 falls in the last 12 months, "
        "and the higher applies (guidance 4.8)"
    ) in plan.explanation.notes
    html = render_html(plan, rulebook, document="clinician", today=TODAY)
    assert "you gave low; the facts give high" in html
