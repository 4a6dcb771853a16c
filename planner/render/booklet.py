"""What the patient's booklet prints: the cover, the exercise cards, the safety advice, how the
plan builds up and the log to bring back to the review, as plain printable values.

Every value is text or numbers (the templates escape them); the one exception is each exercise
picture, an inline ``<svg>`` from :func:`render_pose_svg`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import Markup

from planner.pictures import render_pose_svg
from planner.plan import Plan, PlannedDose, PlannedExercise, Session, Week
from planner.render.clinic import Clinic
from planner.render.head import document_head
from planner.render.notices import GENTLE_CODE, STOP_CODE, gentle_box, printed_warnings
from planner.render.wording import day_month, format_dose, long_date, short_date, unstated
from planner.rulebook import Rulebook
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS

#: The log's column heading of each component (its session boxes): a word, printed turned.
LOG_LABELS = {
    "impact": "Impact",
    "aerobic": "Walking",
    "resistance": "Strength",
    "posture": "Posture",
    "balance": "Balance",
    "mobility": "Mobility",
}
#: What the log prints besides its days, in order: how to keep it, then the safety notices.
LOG_WARNINGS = ("W_PAIN_GUIDE", "W_STOP_SYMPTOMS", "W_REVIEW_EARLY", "W_RESTART_AFTER_BREAK")
KEEP_LOG = "W_KEEP_LOG"
#: Warnings the log prints that the safety pages leave to it.
LOG_ONLY = (KEEP_LOG, "W_REVIEW_EARLY", "W_RESTART_AFTER_BREAK")

PHASE_WORDS = {
    "foundation": ("Getting started", "Learn each exercise at the starting dose."),
    "build": ("Building up", "A little more: more repeats, longer holds or a longer walk."),
    "progress": ("Moving on", "You reach the full doses, if the earlier weeks went well."),
}


def booklet_context(plan: Plan, book: Rulebook, clinic: Clinic, today: dt.date) -> dict[str, Any]:
    """Everything the patient's booklet prints, by name."""
    first = plan.weeks[0] if plan.weeks else None
    warnings = printed_warnings(plan, book)
    gentle = gentle_box(plan, book, warnings)
    # The cover prints the red-flag warning (a stopped plan's "do not start" notice, or the
    # gentle-plan box), and the log how to keep it and when to call before the review, so the
    # safety pages do not repeat them.
    log = _log(plan, book)
    printed = {GENTLE_CODE, STOP_CODE} | (set(LOG_ONLY) if log else set())
    shown = [w for w in warnings if w["code"] not in printed]
    never = _never_do(plan)
    spine = book.warnings.get("W_SPINE_CARE")
    cards = _cards(plan, book, first) if first else []
    codes = {w.code for w in plan.warnings}
    note = plan.profile.note or plan.profile.adjust.note
    return {
        **document_head(plan, clinic, today),
        "see_doctor": next((w for w in warnings if w["code"] == STOP_CODE), None),
        "gentle": gentle,
        "note_lines": [line for line in (note or "").splitlines() if line.strip()],
        "glance": _glance(first, cards) if first else None,
        "cards": cards,
        "never": never,
        "spine_care": spine.text if spine and not never else None,
        "stop": [w for w in shown if w["kind"] == "stop"],
        "advice": [w for w in shown if w["kind"] != "stop"],
        "phases": _phases(plan),
        "log": log,
        "supervised": "W_SUPERVISED_SESSIONS" in codes or plan.supervision.required,
    }


def _log(plan: Plan, book: Rulebook) -> dict[str, Any] | None:
    """The log the patient brings back (guidance 12.5): a line for each day from the start to the
    day before the review, grouped by week, with a box for each component planned that day; the
    plan it belongs to; how to keep it; and the pain guide, the stop signs and when to call."""
    if not plan.weeks:
        return None
    end = plan.start_date + dt.timedelta(weeks=len(plan.weeks))
    last = min(plan.review_date or end, end)
    columns = [
        c
        for c in COMPONENTS
        if any(s.component == c for w in plan.weeks for d in w.days for s in d.sessions)
    ]
    weeks: list[dict[str, Any]] = []
    for n in range((last - plan.start_date).days):
        date = plan.start_date + dt.timedelta(days=n)
        week = plan.weeks[n // 7]
        on = {s.component for s in week.days[n % 7].sessions}
        if n % 7 == 0:
            weeks.append({"week": week.week, "first": day_month(date), "days": []})
        weeks[-1]["last"] = day_month(date)
        weeks[-1]["days"].append(
            {"day": f"{date:%a} {date.day}", "planned": [c in on for c in columns]}
        )
    keep = book.warnings.get(KEEP_LOG)
    return {
        "block": plan.programme.block,
        "start": long_date(plan.start_date),
        "review": long_date(plan.review_date),
        "columns": [LOG_LABELS[c] for c in columns],
        "weeks": weeks,
        "keep": keep.text if keep else None,
        "notices": [
            {"code": code, "title": w.title, "text": w.text}
            for code in LOG_WARNINGS
            if (w := book.warnings.get(code)) is not None
        ],
    }


def _never_do(plan: Plan) -> list[str]:
    """The patient's "never do" lines, leaving out any that only narrow a broader line."""
    texts = list(dict.fromkeys(text for text, _ in plan.explanation.never_do))
    stems = [t.rstrip(".") for t in texts]
    return [t for t in texts if not any(t != o and t.startswith(o + " ") for o in stems)]


def _cards(plan: Plan, book: Rulebook, week: Week) -> list[dict[str, Any]]:
    """One card per distinct exercise of week 1, numbered in order of first appearance."""
    cards = []
    ladders = _dose_ladders(plan, book)
    holds = _hand_support(plan)
    for number, ex in enumerate(plan.exercises(), start=1):
        entry = book.exercises.get(ex.slug)
        pose = book.poses.get(ex.slug)
        days = [d for d in week.days if any(ex.slug in _slugs(s) for s in d.sessions)]
        steps = entry.instructions if entry else []
        cards.append(
            {
                "number": number,
                "slug": ex.slug,
                "name": ex.name,
                "component": COMPONENT_LABELS[ex.component],
                "picture": Markup(render_pose_svg(pose, label=picture_text(ex.name, steps)))
                if pose
                else None,
                "steps": steps,
                "ladder": ladders[ex.slug]["steps"] if ex.slug in ladders else [],
                "dose_after": ladders[ex.slug]["after"] if ex.slug in ladders else "",
                "days": "Every day"
                if len(days) == 7
                else ", ".join(d.weekday[:3] for d in days)
                + f" ({len(days)} {'day' if len(days) == 1 else 'days'} a week)",
                "support": entry.support if entry else None,
                "hold_with": holds.get(ex.slug),
                "safety": entry.safety_cue if entry else None,
                "equipment": [book.equipment.labels.get(e, e) for e in ex.equipment],
            }
        )
    return cards


#: What the patient is told for each hand support a review sets (R-REV-11).
HOLD_WITH = {
    "two_hands": "hold on with both hands",
    "one_hand": "hold on with one hand only",
    "fingertips": "rest only your fingertips on the counter",
}


def _hand_support(plan: Plan) -> dict[str, str]:
    """The hand support a review set for this block, by the exercise it applies to."""
    changes = plan.review.changes if plan.review else []
    return {
        (c.replacement or c.slug): HOLD_WITH[c.support] for c in changes if c.support is not None
    }


def picture_text(name: str, steps: list[str]) -> str:
    """A picture's text alternative: what its two panels show, the start position and the
    movement to the finish, in the words of the first two steps (their first sentences)."""
    first = [re.split(r"(?<=[.!?])\s", step.strip(), maxsplit=1)[0] for step in steps[:2]]
    if not first:
        return f"{name}: the start and finish positions."
    if len(first) == 1:
        return f"{name}. Start and finish: {first[0]}"
    return f"{name}. Start: {first[0]} Finish: {first[1]}"


def _slugs(session: Session) -> set[str]:
    return {e.slug for e in session.exercises}


def _glance(week: Week, cards: list[dict[str, Any]]) -> dict[str, Any]:
    """The 7-day grid of sessions (each with its cards and minutes) and the minutes per day."""
    numbers = {c["slug"]: c["number"] for c in cards}
    rows = []
    for component in COMPONENTS:
        marks = [next((s for s in d.sessions if s.component == component), None) for d in week.days]
        session = next((s for s in marks if s is not None), None)
        if session is None:
            continue
        rows.append(
            {
                "label": COMPONENT_LABELS[component],
                "marks": [m is not None for m in marks],
                "cards": [numbers[e.slug] for e in session.exercises],
                "minutes": session.minutes,
            }
        )
    return {
        "days": [{"abbr": d.weekday[:3], "full": d.weekday} for d in week.days],
        "rows": rows,
        "minutes": [d.minutes for d in week.days],
    }


def _phases(plan: Plan) -> list[dict[str, Any]]:
    """The plan's phases in order, each with its weeks and its first week."""
    spans: dict[str, list[Week]] = {}
    for week in plan.weeks:
        spans.setdefault(week.phase, []).append(week)
    out = []
    for phase, weeks in spans.items():
        a, b = weeks[0].week, weeks[-1].week
        start = plan.start_date + dt.timedelta(weeks=a - 1)
        title, text = PHASE_WORDS[phase]
        out.append(
            {
                "weeks": f"Week {a}" if a == b else f"Weeks {a} to {b}",
                "from": short_date(start),
                "title": title,
                "text": text,
                "first": weeks[0],
            }
        )
    return out


def _dose_ladders(plan: Plan, book: Rulebook) -> dict[str, dict[str, Any]]:
    """Each exercise's dose in every phase of the plan, as its card prints it.

    A load or a frequency that is the same in every phase ("a comfortable pace ...", "several
    times a day") is said once, after the doses.
    """
    found: dict[str, list[tuple[str, PlannedExercise]]] = {}
    for phase in _phases(plan):
        seen: set[str] = set()
        for day in phase["first"].days:
            for session in day.sessions:
                for ex in session.exercises:
                    if ex.slug not in seen:
                        seen.add(ex.slug)
                        found.setdefault(ex.slug, []).append((phase["weeks"], ex))
    out: dict[str, dict[str, Any]] = {}
    for slug, steps in found.items():
        doses = [ex.dose for _, ex in steps]
        shared = {
            key: getattr(doses[0], key)
            for key in ("load", "frequency")
            if len({getattr(d, key) for d in doses}) == 1 and getattr(doses[0], key)
        }
        reset = {key: None for key in shared}
        out[slug] = {
            "steps": [
                {"weeks": weeks, "dose": _dose_words(ex.dose.model_copy(update=reset), slug, book)}
                for weeks, ex in steps
            ],
            "after": ", ".join(str(v) for v in shared.values() if not unstated(str(v))),
        }
    return out


def _dose_words(dose: PlannedDose, slug: str, book: Rulebook) -> str:
    """A dose as the patient reads it; repetitions and holds are per side where that applies."""
    entry = book.exercises.get(slug)
    per_side = entry is not None and entry.dose.per_side and not dose.minutes
    words = format_dose(dose) + (", each side" if per_side else "")
    return re.sub(r"(\d) (?=\S)", "\\1\u00a0", words)  # "6 min" never breaks between lines
