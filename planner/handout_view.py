"""What the handout templates read: the plan and rulebook turned into plain, printable values.

A helper of :mod:`planner.handout`, kept apart so that module holds only the rendering and the
writing. Every value here is text or numbers ready to print (the templates escape them); the one
exception is each exercise picture, an inline ``<svg>`` from :func:`render_pose_svg`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from planner.figures import render_pose_svg
from planner.plan import Plan, PlannedExercise, Week
from planner.rulebook import Rulebook
from planner.rules import Cap, Exclude
from planner.textview import format_dose
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS

if TYPE_CHECKING:
    from planner.handout import Clinic

PHASE_WORDS = {
    "foundation": ("Getting started", "Learn each exercise at the starting dose."),
    "build": ("Building up", "A little more: more repeats, longer holds or a longer walk."),
    "progress": ("Moving on", "You reach the full doses, if the earlier weeks went well."),
}


def _long_date(day: dt.date | None) -> str | None:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else None


def _short_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _day_month(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def handout_context(plan: Plan, book: Rulebook, clinic: Clinic, today: dt.date) -> dict[str, Any]:
    """Everything the templates print, by name."""
    first = plan.weeks[0] if plan.weeks else None
    warnings = []
    for w in plan.warnings:
        known = book.warnings.get(w.code)
        title, kind = (known.title, known.kind) if known else ("Important", "stop")
        warnings.append({"code": w.code, "title": title, "text": w.text, "kind": kind})
    never = _never_do(plan)
    spine = book.warnings.get("W_SPINE_CARE")
    cards = _cards(plan, book, first) if first else []
    codes = {w.code for w in plan.warnings}
    return {
        "name": plan.profile.get("name"),
        "today": _long_date(today),
        "clinic": clinic,
        "address_lines": (clinic.address or "").splitlines(),
        "start": _long_date(plan.start_date),
        "review": _long_date(plan.review_date),
        "stopped": not plan.weeks,
        "see_doctor": next((w for w in warnings if w["code"] == "W_MEDICAL_REVIEW_FIRST"), None),
        "glance": _glance(first, cards) if first else None,
        "cards": cards,
        "never": never,
        "spine_care": spine.text if spine and not never else None,
        "stop": [w for w in warnings if w["kind"] == "stop"],
        "advice": [w for w in warnings if w["kind"] != "stop"],
        "phases": _phases(plan),
        "doses": _dose_table(plan, book, cards),
        "log": [
            {"week": w.week, "from": _day_month(plan.start_date + dt.timedelta(weeks=w.week - 1))}
            for w in plan.weeks
        ],
        "log_days": [{"abbr": d.weekday[:3], "rest": not d.sessions} for d in first.days]
        if first
        else [],
        "supervised": "W_SUPERVISED_SESSIONS" in codes or plan.supervision.required,
        "clinician": _clinician(plan, book),
    }


def _never_do(plan: Plan) -> list[str]:
    """The patient's "never do" lines, leaving out any that only narrow a broader line."""
    texts = list(dict.fromkeys(text for text, _ in plan.explanation.never_do))
    stems = [t.rstrip(".") for t in texts]
    return [t for t in texts if not any(t != o and t.startswith(o + " ") for o in stems)]


def _cards(plan: Plan, book: Rulebook, week: Week) -> list[dict[str, Any]]:
    """One card per distinct exercise of week 1, numbered in order of first appearance."""
    cards = []
    for number, ex in enumerate(plan.exercises(), start=1):
        entry = book.exercises.get(ex.slug)
        pose = book.poses.get(ex.slug)
        days = [d for d in week.days if any(ex.slug in _slugs(s) for s in d.sessions)]
        dose = format_dose(ex.dose)
        if entry is not None and entry.dose.per_side:
            dose += ", each side"
        cards.append(
            {
                "number": number,
                "slug": ex.slug,
                "name": ex.name,
                "component": COMPONENT_LABELS[ex.component],
                "picture": Markup(render_pose_svg(pose, label=ex.name)) if pose else None,
                "steps": entry.instructions if entry else [],
                "dose": dose,
                "days": "Every day"
                if len(days) == 7
                else ", ".join(d.weekday[:3] for d in days) + f" ({len(days)} days a week)",
                "support": entry.support if entry else None,
                "safety": entry.safety_cue if entry else None,
                "equipment": [book.equipment.labels.get(e, e) for e in ex.equipment],
            }
        )
    return cards


def _slugs(session: Any) -> set[str]:
    return {e.slug for e in session.exercises}


def _glance(week: Week, cards: list[dict[str, Any]]) -> dict[str, Any]:
    """The 7-day grid of sessions, the minutes per day, and what each session holds."""
    numbers = {c["slug"]: c["number"] for c in cards}
    rows, sessions = [], []
    for component in COMPONENTS:
        marks = [next((s for s in d.sessions if s.component == component), None) for d in week.days]
        session = next((s for s in marks if s is not None), None)
        if session is None:
            continue
        rows.append({"label": COMPONENT_LABELS[component], "marks": [m is not None for m in marks]})
        sessions.append(
            {
                "label": COMPONENT_LABELS[component],
                "minutes": session.minutes,
                "exercises": [(numbers[e.slug], e.name) for e in session.exercises],
            }
        )
    return {
        "days": [{"abbr": d.weekday[:3], "full": d.weekday} for d in week.days],
        "rows": rows,
        "minutes": [d.minutes for d in week.days],
        "sessions": sessions,
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
                "from": _short_date(start),
                "title": title,
                "text": text,
                "first": weeks[0],
            }
        )
    return out


def _dose_table(plan: Plan, book: Rulebook, cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each exercise's dose in the first week of every phase."""
    by_phase: list[dict[str, PlannedExercise]] = []
    for phase in _phases(plan):
        found: dict[str, PlannedExercise] = {}
        for day in phase["first"].days:
            for session in day.sessions:
                for ex in session.exercises:
                    found.setdefault(ex.slug, ex)
        by_phase.append(found)
    rows = []
    for card in cards:
        entry = book.exercises.get(card["slug"])
        side = ", each side" if entry is not None and entry.dose.per_side else ""
        doses = [
            format_dose(f[card["slug"]].dose) + side if card["slug"] in f else "-" for f in by_phase
        ]
        rows.append({"number": card["number"], "name": card["name"], "doses": doses})
    return rows


def _clinician(plan: Plan, book: Rulebook) -> dict[str, Any]:
    """The profile, rules, exclusions, sources and rule set for the clinician's pages."""
    p, ex = plan.profile, plan.explanation
    cited = list(dict.fromkeys(key for rule in plan.rules_fired for key in rule.sources))
    bone = p.get("bone_status", "unknown") + (
        f", T-score {p['t_score']}" if p.get("t_score") is not None else ""
    )
    household = sorted(p.get("equipment") or []) == sorted(book.equipment.household)
    kit = ", ".join(p.get("equipment") or [])
    summary = [
        ("Name", p.get("name") or "not given"),
        ("Patient id", p.get("id") or "not given"),
        ("Assessed on", _long_date(dt.date.fromisoformat(p["assessed_on"]))),
        ("Age, sex", f"{p['age']}, {p.get('sex') or 'not given'}"),
        ("Ability", p["ability"]),
        ("Bone status", bone),
        ("Falls in 12 months", str(p.get("falls_12m", 0))),
        ("Back pain (0-10)", "not given" if p.get("back_pain") is None else str(p["back_pain"])),
        ("Red flags", ", ".join(p.get("red_flags") or []) or "none"),
        ("Supervision available", "yes" if p.get("supervision_available") else "no"),
        ("Equipment", "household basics (the default)" if household else kit or "none"),
    ]
    return {
        "summary": summary,
        "fractures": [_fracture_text(f) for f in p.get("fractures", [])],
        "fall_risk": plan.fall_risk,
        "fall_reasons": ex.fall_risk_reasons,
        "rules": [
            {
                "id": r.id,
                "title": r.title,
                "because": ex.because.get(r.id, []),
                "sources": r.sources,
            }
            for r in plan.rules_fired
        ],
        "sources": [
            (k, book.sources[k]) for k in sorted(cited, key=str.lower) if k in book.sources
        ],
        "excluded": plan.excluded,
        "exclusion_groups": _exclusion_groups(plan, book),
        "supervision": plan.supervision,
        "unmet": ex.unmet,
        "notes": ex.notes,
        "caps": ex.caps,
        "lifted": ex.lifted,
        "budget": ex.day_budget_minutes,
        "weeks": len(plan.weeks),
        "ruleset": plan.ruleset,
        "ruleset_name": book.info.name,
    }


def _fracture_text(f: dict[str, Any]) -> str:
    weeks = f.get("weeks_since")
    age = f"{weeks:g} weeks ago" if weeks is not None else "date not known"
    how = f["treatment"] + (f", {f['approach']} approach" if f.get("approach") else "")
    extra = [f"cause: {f['cause']}"]
    if f.get("count", 1) > 1:
        extra.append(f"{f['count']} vertebrae")
    if f.get("in_cast"):
        extra.append("cast, splint or sling on")
    extra.append("cleared" if f.get("cleared") else "not cleared")
    return f"{f['site']}, {age} ({how}); {'; '.join(extra)}"


def _exclusion_groups(plan: Plan, book: Rulebook) -> list[dict[str, Any]]:
    """Each reason an exercise was left out, the rules that gave it, and the exercises."""
    stated: dict[str, list[str]] = {}  # each reason a fired rule can give -> those rules
    for fired in plan.rules_fired:
        for effect in book.rule(fired.id).then:
            for reason in _reasons_of(effect):
                stated.setdefault(reason, []).append(fired.id)
    groups: dict[str, list[Any]] = {}
    for e in plan.excluded:
        for reason in _split_reasons(e.reason, list(stated)):
            groups.setdefault(reason, []).append(e)
    out = []
    for reason, members in groups.items():
        common = set.intersection(*(set(e.rules) for e in members))
        rules = [r for r in stated.get(reason, []) if r in common] or sorted(common)
        names = sorted(
            book.exercises[e.slug].name if e.slug in book.exercises else e.slug for e in members
        )
        out.append({"reason": reason, "rules": rules, "names": names})
    return sorted(out, key=lambda g: (-len(g["names"]), g["reason"]))


def _reasons_of(effect: Any) -> list[str]:
    """The clinician's reasons an effect gives for leaving exercises out (as the engine words
    them: an exclusion's own reason or its match, a cap's "tag above level")."""
    if isinstance(effect, Exclude):
        return [effect.reason or f"excludes {effect.exclude.text()}"]
    if isinstance(effect, Cap):
        return [f"{tag.replace('_', ' ')} above {level}" for tag, level in effect.cap.items()]
    return []


def _split_reasons(joined: str, known: list[str]) -> list[str]:
    """The single reasons of an exclusion (joined with "; "), keeping any that contain "; "."""
    whole = [r for r in known if "; " in r and r in joined]
    for i, reason in enumerate(whole):
        joined = joined.replace(reason, f"\0{i}\0")
    parts = joined.split("; ")
    for i, reason in enumerate(whole):
        parts = [part.replace(f"\0{i}\0", reason) for part in parts]
    return parts
