"""What the patient's booklet prints: numbered cards with their dose in every phase, the week at
a glance, the red-flag notices on the cover, the "never do" lines and the log."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from planner import Rulebook, build_plan
from planner.plan import Plan, PlanWarning, Week
from planner.render.booklet import LOG_LABELS, booklet_context
from planner.render.clinic import Clinic
from planner.render.notices import GENTLE_CODE, STOP_CODE
from planner.render.wording import format_dose
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS
from tests.conftest import having_only, make_profile

TODAY = dt.date(2026, 11, 23)
NBSP = "\u00a0"
WRIST_IN_CAST = {"site": "wrist", "weeks_since": 3, "cause": "fall", "treatment": "cast"}


def context(plan: Plan, rulebook: Rulebook) -> dict[str, Any]:
    return booklet_context(plan, rulebook, Clinic(), TODAY)


def card(cards: list[dict[str, Any]], slug: str) -> dict[str, Any]:
    return next(c for c in cards if c["slug"] == slug)


def first_appearances(plan: Plan) -> list[str]:
    order: list[str] = []
    for day in plan.weeks[0].days:
        for session in day.sessions:
            order += [e.slug for e in session.exercises if e.slug not in order]
    return order


def test_cards_are_numbered_in_the_order_exercises_first_appear(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    cards = context(plan, rulebook)["cards"]
    assert [c["slug"] for c in cards] == first_appearances(plan)
    assert [c["number"] for c in cards] == list(range(1, len(cards) + 1))
    for c in cards:
        entry = rulebook.exercises[c["slug"]]
        assert c["name"] == entry.name
        assert c["component"] == COMPONENT_LABELS[entry.component]
        assert c["steps"] == entry.instructions and c["steps"]
        assert c["safety"] == entry.safety_cue
        assert c["picture"] is not None and "<svg" in c["picture"]


def test_each_card_says_on_which_days_of_the_week_it_is_done(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(fractures=[{**WRIST_IN_CAST, "in_cast": True}]), rulebook)
    cards = context(plan, rulebook)["cards"]
    assert card(cards, "finger_and_wrist_rom")["days"] == "Every day"
    week = plan.weeks[0]
    for c in cards:
        on = [
            d.weekday[:3]
            for d in week.days
            if any(e.slug == c["slug"] for s in d.sessions for e in s.exercises)
        ]
        if len(on) < 7:
            assert c["days"] == f"{', '.join(on)} ({len(on)} days a week)"


def only_on_its_first_day(plan: Plan, slug: str) -> Plan:
    """The plan with ``slug`` kept on the first day it is done each week and dropped elsewhere."""
    weeks = []
    for week in plan.weeks:
        first = next(
            d.day for d in week.days if any(e.slug == slug for s in d.sessions for e in s.exercises)
        )
        days = [
            d
            if d.day == first
            else d.model_copy(
                update={
                    "sessions": [
                        s.model_copy(
                            update={"exercises": [e for e in s.exercises if e.slug != slug]}
                        )
                        for s in d.sessions
                    ]
                }
            )
            for d in week.days
        ]
        weeks.append(week.model_copy(update={"days": days}))
    return plan.model_copy(update={"weeks": weeks})


def test_a_card_done_on_one_day_says_one_day_a_week(rulebook: Rulebook) -> None:
    plan = only_on_its_first_day(build_plan(make_profile(), rulebook), "wall_push_up")
    assert card(context(plan, rulebook)["cards"], "wall_push_up")["days"] == "Mon (1 day a week)"


def test_each_card_prints_its_dose_for_every_phase_of_the_plan(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    ctx = context(plan, rulebook)
    firsts: dict[str, Week] = {}
    for week in plan.weeks:
        firsts.setdefault(week.phase, week)
    assert [p["weeks"] for p in ctx["phases"]] == ["Weeks 1 to 4", "Weeks 5 to 8", "Weeks 9 to 12"]
    sit = card(ctx["cards"], "sit_to_stand")
    doses = [
        next(
            e.dose for d in w.days for s in d.sessions for e in s.exercises if e.slug == sit["slug"]
        )
        for w in firsts.values()
    ]
    assert [step["weeks"] for step in sit["ladder"]] == [p["weeks"] for p in ctx["phases"]]
    # the terminal's words, each number kept on the line of the word it counts
    assert [step["dose"].replace(NBSP, " ") for step in sit["ladder"]] == [
        format_dose(d) for d in doses
    ]
    assert len({step["dose"] for step in sit["ladder"]}) == 3, "the dose builds up by phase"
    for c in ctx["cards"]:
        assert len(c["ladder"]) == 3
        assert not any(re.search(r"\d ", step["dose"]) for step in c["ladder"]), c["slug"]


def test_a_short_plan_has_a_one_step_ladder(rulebook: Rulebook) -> None:
    ctx = context(build_plan(make_profile(), rulebook, weeks=1), rulebook)
    assert [p["weeks"] for p in ctx["phases"]] == ["Week 1"]
    assert all([s["weeks"] for s in c["ladder"]] == ["Week 1"] for c in ctx["cards"])


def test_repetitions_are_per_side_where_the_exercise_is_done_on_each_side(
    rulebook: Rulebook,
) -> None:
    profile = make_profile(
        ability="frail", **having_only("firm_chair", "counter_or_sturdy_support")
    )
    cards = context(build_plan(profile, rulebook), rulebook)["cards"]
    assert rulebook.exercises["otago_knee_extension"].dose.per_side
    assert all(
        s["dose"].endswith(", each side") for s in card(cards, "otago_knee_extension")["ladder"]
    )
    # a timed exercise is timed as a whole, and a two-sided one says nothing of sides
    assert rulebook.exercises["weight_shifts_supported"].dose.per_side
    assert not rulebook.exercises["chin_tuck"].dose.per_side
    for slug in ("weight_shifts_supported", "chin_tuck"):
        assert all("each side" not in s["dose"] for s in card(cards, slug)["ladder"])


def test_a_load_or_frequency_the_same_in_every_phase_is_said_once(rulebook: Rulebook) -> None:
    fit = context(build_plan(make_profile(), rulebook), rulebook)["cards"]
    walk = card(fit, "brisk_walking")
    pace = rulebook.exercises["brisk_walking"].dose.load
    assert pace and walk["dose_after"] == pace
    assert all(pace not in step["dose"] for step in walk["ladder"])
    wrist = build_plan(make_profile(fractures=[{**WRIST_IN_CAST, "in_cast": True}]), rulebook)
    fingers = card(context(wrist, rulebook)["cards"], "finger_and_wrist_rom")
    assert fingers["dose_after"] == "several times a day"
    assert all("several times" not in step["dose"] for step in fingers["ladder"])
    # a load that changes with the phase stays with each phase's dose
    frail = build_plan(make_profile(ability="frail", falls_12m=3), rulebook)
    curl = card(context(frail, rulebook)["cards"], "biceps_curl")
    entry = rulebook.exercises["biceps_curl"].dose
    assert entry.load and entry.load_target and entry.load != entry.load_target
    assert curl["dose_after"] == ""
    doses = [step["dose"].replace(NBSP, " ") for step in curl["ladder"]]
    assert doses[0].endswith(f", {entry.load}") and doses[-1].endswith(f", {entry.load_target}")


def test_the_week_grid_names_each_rows_cards_and_minutes(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    ctx = context(plan, rulebook)
    glance, week = ctx["glance"], plan.weeks[0]
    numbers = {c["slug"]: c["number"] for c in ctx["cards"]}
    assert [d["abbr"] for d in glance["days"]] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [d["full"] for d in glance["days"]] == [d.weekday for d in week.days]
    assert glance["minutes"] == [d.minutes for d in week.days]
    planned = [
        c for c in COMPONENTS if any(s.component == c for d in week.days for s in d.sessions)
    ]
    assert [r["label"] for r in glance["rows"]] == [COMPONENT_LABELS[c] for c in planned]
    for row, component in zip(glance["rows"], planned, strict=True):
        sessions = [
            next((s for s in d.sessions if s.component == component), None) for d in week.days
        ]
        assert row["marks"] == [s is not None for s in sessions]
        session = next(s for s in sessions if s is not None)
        assert row["cards"] == [numbers[e.slug] for e in session.exercises]
        assert row["minutes"] == session.minutes
    listed = sorted(n for row in glance["rows"] for n in row["cards"])
    assert listed == [c["number"] for c in ctx["cards"]], "every card is in the grid once"


def test_a_red_flag_plan_has_the_gentle_box_and_no_stop_notice(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["new_back_pain"]), rulebook)
    ctx = context(plan, rulebook)
    assert "R-RED-1" in {r.id for r in plan.rules_fired}
    gentle = rulebook.warnings[GENTLE_CODE]
    assert ctx["gentle"] == {
        "code": GENTLE_CODE,
        "title": gentle.title,
        "text": gentle.text,
        "kind": "advice",
    }
    assert ctx["see_doctor"] is None and not ctx["stopped"]
    printed = [w["code"] for w in ctx["stop"] + ctx["advice"]]
    assert GENTLE_CODE not in printed, "the cover's box is not repeated on the safety pages"
    assert STOP_CODE not in printed
    assert ctx["cards"], "the gentle plan still has exercises"
    components = {rulebook.exercises[c["slug"]].component for c in ctx["cards"]}
    assert components <= {"aerobic", "posture", "mobility"}


def test_a_stopped_plan_has_no_cards_and_tells_the_patient_not_to_start(
    rulebook: Rulebook,
) -> None:
    plan = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    ctx = context(plan, rulebook)
    assert ctx["stopped"] and not plan.weeks
    assert ctx["cards"] == [] and ctx["glance"] is None
    assert ctx["phases"] == [] and ctx["log"] is None
    assert ctx["gentle"] is None
    assert ctx["see_doctor"]["code"] == STOP_CODE
    assert ctx["see_doctor"]["text"] == rulebook.warnings[STOP_CODE].text
    stop = [w["code"] for w in ctx["stop"]]
    assert STOP_CODE not in stop, "the cover says it; the safety page does not repeat it"
    assert "W_STOP_SYMPTOMS" in stop


def test_never_do_lines_are_printed_once_and_the_broader_line_wins(rulebook: Rulebook) -> None:
    spine = make_profile(fractures=[{"site": "vertebral", "weeks_since": 3, "cause": "lifting"}])
    plan = build_plan(spine, rulebook)
    lines = [text for text, _ in plan.explanation.never_do]
    broad = "No jumping, hopping, jogging or running."
    narrow = "No jumping, hopping, jogging or running while a fracture is healing."
    assert broad in lines and narrow in lines
    never = context(plan, rulebook)["never"]
    assert broad in never and narrow not in never
    assert len(never) == len(set(never)) == len(lines) - 1
    assert context(plan, rulebook)["spine_care"] is None
    # with no "never do" line, the back-care advice stands in their place
    bare = plan.model_copy(
        update={"explanation": plan.explanation.model_copy(update={"never_do": []})}
    )
    assert context(bare, rulebook)["spine_care"] == rulebook.warnings["W_SPINE_CARE"].text


def test_the_phases_follow_the_plans_weeks(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(red_flags=["new_back_pain"]), rulebook, weeks=6)
    ctx = context(plan, rulebook)
    assert [(p["weeks"], p["from"], p["title"]) for p in ctx["phases"]] == [
        ("Weeks 1 to 4", "Mon 23 Nov", "Getting started"),
        ("Weeks 5 to 6", "Mon 21 Dec", "Building up"),
    ]


def log_lines(log: dict[str, Any]) -> list[tuple[int, str, list[bool]]]:
    return [(w["week"], d["day"], d["planned"]) for w in log["weeks"] for d in w["days"]]


def test_the_log_has_a_line_for_each_day_up_to_the_review(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    assert plan.review_date == plan.start_date + dt.timedelta(weeks=12)
    log = context(plan, rulebook)["log"]
    lines = log_lines(log)
    assert len(lines) == 84
    assert lines[0][:2] == (1, "Mon 23") and lines[-1][:2] == (12, "Sun 14")
    assert [w["week"] for w in log["weeks"]] == list(range(1, 13))
    assert (log["weeks"][1]["first"], log["weeks"][1]["last"]) == ("30 Nov", "6 Dec")
    assert (log["block"], log["start"], log["review"]) == (
        1,
        "Monday 23 November 2026",
        "Monday 15 February 2027",
    )


def test_an_early_review_ends_the_log_the_day_before(rulebook: Rulebook) -> None:
    spine = make_profile(fractures=[{"site": "vertebral", "weeks_since": 3, "cause": "lifting"}])
    plan = build_plan(spine, rulebook)
    assert plan.review_date == dt.date(2026, 12, 13)  # the day after the 6-week window
    lines = log_lines(context(plan, rulebook)["log"])
    assert len(lines) == (plan.review_date - plan.start_date).days == 20
    assert lines[-1][:2] == (3, "Sat 12")


def test_each_day_has_a_box_only_for_the_components_planned_that_day(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(fractures=[{**WRIST_IN_CAST, "in_cast": True}]), rulebook)
    log = context(plan, rulebook)["log"]
    planned = [
        c
        for c in COMPONENTS
        if any(s.component == c for d in plan.weeks[0].days for s in d.sessions)
    ]
    assert log["columns"] == [LOG_LABELS[c] for c in planned]
    for week in log["weeks"]:
        days = plan.weeks[week["week"] - 1].days
        for line, day in zip(week["days"], days, strict=False):
            on = {s.component for s in day.sessions}
            assert line["planned"] == [c in on for c in planned]
            assert line["day"].startswith(day.weekday[:3])


def test_the_log_prints_how_to_keep_it_and_when_to_get_help(rulebook: Rulebook) -> None:
    log = context(build_plan(make_profile(), rulebook), rulebook)["log"]
    assert log["keep"] == rulebook.warnings["W_KEEP_LOG"].text
    assert [n["code"] for n in log["notices"]] == [
        "W_PAIN_GUIDE",
        "W_STOP_SYMPTOMS",
        "W_REVIEW_EARLY",
        "W_RESTART_AFTER_BREAK",
    ]
    for notice in log["notices"]:
        known = rulebook.warnings[notice["code"]]
        assert (notice["title"], notice["text"]) == (known.title, known.text)


def with_warnings(plan: Plan, rulebook: Rulebook, *codes: str) -> Plan:
    added = [PlanWarning(code=c, text=rulebook.warnings[c].text, rules=["R-REV-18"]) for c in codes]
    return plan.model_copy(update={"warnings": [*plan.warnings, *added]})


def test_the_log_keeps_its_warnings_off_the_safety_pages(rulebook: Rulebook) -> None:
    codes = ("W_KEEP_LOG", "W_REVIEW_EARLY", "W_RESTART_AFTER_BREAK")
    plan = with_warnings(build_plan(make_profile(), rulebook), rulebook, *codes)
    ctx = context(plan, rulebook)
    assert not {w["code"] for w in ctx["stop"] + ctx["advice"]} & set(codes)
    assert ctx["log"]["keep"] and {"W_REVIEW_EARLY", "W_RESTART_AFTER_BREAK"} <= {
        n["code"] for n in ctx["log"]["notices"]
    }
    # a stopped plan has no log: its safety page says them
    stopped = build_plan(make_profile(red_flags=["chest_symptoms"]), rulebook)
    ctx = context(with_warnings(stopped, rulebook, *codes), rulebook)
    assert set(codes) <= {w["code"] for w in ctx["stop"] + ctx["advice"]}


def test_a_rulebook_without_the_log_warnings_prints_the_log_without_them(
    rulebook: Rulebook,
) -> None:
    plan = build_plan(make_profile(), rulebook)
    kept = {k: v for k, v in rulebook.warnings.items() if k not in ("W_KEEP_LOG", "W_REVIEW_EARLY")}
    log = context(plan, dataclasses.replace(rulebook, warnings=kept))["log"]
    assert log["keep"] is None
    assert "W_REVIEW_EARLY" not in [n["code"] for n in log["notices"]]
    assert len(log_lines(log)) == 84


def test_the_cover_prints_the_note_line_by_line_and_flags_supervision(
    rulebook: Rulebook,
) -> None:
    plan = build_plan(make_profile(note="Bring your stick.\n\n  \nCall if unsure."), rulebook)
    ctx = context(plan, rulebook)
    assert ctx["note_lines"] == ["Bring your stick.", "Call if unsure."]
    assert ctx["supervised"] is False
    frail = build_plan(make_profile(ability="frail", falls_12m=3), rulebook)
    assert frail.supervision.required and context(frail, rulebook)["supervised"] is True


def test_the_card_tells_the_patient_the_hand_support_a_review_set(rulebook: Rulebook) -> None:
    """R-REV-11's change of support reaches the patient: the card of the exercise (or of the
    entry that replaced it) says how to hold on until the next review; other cards say nothing."""
    from planner.render.html import render_html
    from planner.review.block import review
    from tests.unit.review.test_block import ALL_DONE, first_plan, visit

    top = {"achieved": "progress", "top_of_range": True}
    first = first_plan(rulebook)
    for seen, slug, told in (
        ("two_hands", "tandem_stance", "hold on with one hand only"),
        ("fingertips", "tandem_walk", "hold on with both hands"),
    ):
        found = {"tandem_stance": {**top, "support": seen}}
        plan = review(first, visit(sessions=ALL_DONE, exercises=found), rulebook).plan
        cards = {c["slug"]: c for c in booklet_context(plan, rulebook, Clinic(), TODAY)["cards"]}
        assert cards[slug]["hold_with"] == told
        assert [s for s, c in cards.items() if c["hold_with"]] == [slug]
        html = render_html(plan, rulebook, clinic=Clinic(), today=TODAY)
        assert f"Until your next review:</span> {told}." in html
    unchanged = booklet_context(first, rulebook, Clinic(), TODAY)["cards"]
    assert not any(c["hold_with"] for c in unchanged)
