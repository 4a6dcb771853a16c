"""The plan for a terminal: the header, a week at a glance and day by day, the progression, the
warnings and what could not be met."""

from __future__ import annotations

from planner import Rulebook, build_plan
from planner.render.text import render_text
from planner.render.wording import format_dose
from tests.conftest import having_only, make_profile


def test_the_header_names_the_patient_the_dates_and_the_rules(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(id="P-7"), rulebook)
    lines = render_text(plan).splitlines()
    assert lines[:5] == [
        "Exercise plan for P-7",
        "Falls risk: low   Starts: Mon 23 Nov 2026   Review by: Mon 15 Feb 2027",
        f"Rules: version {rulebook.info.version} ({rulebook.sha256[:12]})",
        "Programme: block 1, weeks 1-12 of the 12-month programme",
        "",
    ]
    assert render_text(build_plan(make_profile(), rulebook)).startswith("Exercise plan\n")


def test_a_week_at_a_glance_marks_each_days_sessions_and_minutes(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="limited", **having_only("firm_chair")), rulebook)
    text = render_text(plan)
    glance = text[text.index("Week 1 of 12") :].split("\n\n")[0].splitlines()
    assert glance == [
        "Week 1 of 12 (foundation) at a glance",
        f"{'':22}" + "".join(f"{d:>6}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")),
        f"{'Strength':22}" + "".join(f"{m:>6}" for m in "x..x..."),
        f"{'Posture and back':22}" + "".join(f"{m:>6}" for m in "..x..x."),
        f"{'Balance':22}" + "".join(f"{m:>6}" for m in ".x..x.x"),
        f"{'Minutes':22}" + "".join(f"{d.minutes:>6}" for d in plan.weeks[0].days),
    ]


def test_each_day_lists_its_sessions_and_doses(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["new_back_pain"]), rulebook)
    text = render_text(plan)
    for day in plan.weeks[0].days:
        assert f"{day.weekday} (day {day.day}): {day.minutes} min\n" in text
        for session in day.sessions:
            for ex in session.exercises:
                assert f"    - {ex.name}: {format_dose(ex.dose)}\n" in text
    rest = next(d for d in plan.weeks[0].days if not d.sessions)
    assert f"{rest.weekday} (day {rest.day}): 0 min\n  rest day\n" in text


def test_the_whole_plan_ends_with_its_progression_and_one_week_does_not(
    rulebook: Rulebook,
) -> None:
    plan = build_plan(make_profile(), rulebook)
    whole = render_text(plan)
    assert (
        "\nProgression\n  weeks 1-4: foundation\n  weeks 5-8: build\n  weeks 9-12: progress\n"
        in (whole)
    )
    assert "Review by Mon 15 Feb 2027." in whole
    week6 = render_text(plan, week=6)
    assert "Week 6 of 12 (build) at a glance" in week6 and "Progression" not in week6
    sit = next(
        e
        for d in plan.weeks[5].days
        for s in d.sessions
        for e in s.exercises
        if e.slug == "sit_to_stand"
    )
    assert f"    - {sit.name}: {format_dose(sit.dose)}\n" in week6
    first = next(e for e in plan.exercises() if e.slug == "sit_to_stand")
    assert f"    - {sit.name}: {format_dose(first.dose)}\n" in whole
    assert format_dose(sit.dose) != format_dose(first.dose), "week 6 has the build phase's dose"


def test_a_stopped_plan_says_no_exercise_and_why(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    text = render_text(plan)
    assert "No exercise until a doctor has reviewed the red flag reported." in text
    assert "Review by: -" in text
    assert "at a glance" not in text and "Progression" not in text
    stop = rulebook.warnings["W_MEDICAL_REVIEW_FIRST"].text
    assert f"  W_MEDICAL_REVIEW_FIRST: {stop}\n" in text


def test_warnings_supervision_and_what_could_not_be_met(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(ability="frail", falls_12m=3), rulebook)
    text = render_text(plan)
    for w in plan.warnings:
        assert f"  {w.code}: {w.text}\n" in text
    assert "\nSupervision: required (R-FALL-2, R-FRAIL-1)\n" in text
    unmet = text[text.index("\nCould not be met\n") :]
    for item in plan.unmet:
        assert f"  {item.rule}: {item.label}\n" in unmet
        assert f"      required: {item.required}; found: {item.found}\n" in unmet
        assert f"      why: {item.reason}\n" in unmet
    met = render_text(build_plan(make_profile(), rulebook))
    assert "\nCould not be met: nothing; every requirement was met\n" in met
    assert "Supervision" not in met


def test_assumptions_are_noted_at_the_end(rulebook: Rulebook) -> None:
    hip = {"site": "hip", "weeks_since": 5, "treatment": "arthroplasty"}
    plan = build_plan(make_profile(fractures=[hip]), rulebook)
    (note,) = plan.explanation.notes
    assert render_text(plan).endswith(f"\n\nNote: {note}\n")
    assert "approach not given" in note
