"""Plans and explanations as terminal text: the week at a glance, the days, and the reasons.

Output stage for the ``plan`` and ``explain`` commands. Pure functions from a :class:`Plan` to a
string; the CLI prints them.
"""

from __future__ import annotations

import datetime as dt

from planner.plan import Plan, PlannedDose, Week
from planner.rulebook.load import Rulebook
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS


def format_dose(dose: PlannedDose) -> str:
    """A dose in words, e.g. "2 sets of 10" or "5 holds of 3 s" or "20 min"."""
    parts = []
    if dose.minutes:
        parts.append(f"{dose.minutes} min")
        if dose.sets and dose.sets > 1:
            parts.append(f"{dose.sets} times")
    elif dose.hold_s and dose.continuous:
        times = dose.reps if dose.reps and dose.reps > 1 else 0
        parts.append(f"{times} times {dose.hold_s} s" if times else f"{dose.hold_s} s")
        if dose.sets and dose.sets > 1:
            parts.append(f"{dose.sets} sets")
    elif dose.hold_s:
        reps = f"{dose.reps} holds" if dose.reps and dose.reps > 1 else "hold"
        parts.append(f"{reps} of {dose.hold_s} s")
        if dose.sets and dose.sets > 1:
            parts.append(f"{dose.sets} sets")
    elif dose.reps:
        if dose.sets:
            parts.append(f"{dose.sets} {'set' if dose.sets == 1 else 'sets'} of {dose.reps}")
        else:
            parts.append("once" if dose.reps == 1 else f"{dose.reps} times")
    if dose.load and dose.load.lower() not in {"body weight", "none"}:
        parts.append(dose.load)
    if dose.frequency:
        parts.append(dose.frequency)
    return ", ".join(parts) or "as your physiotherapist shows you"


def _date(day: dt.date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else "-"


def render_text(plan: Plan, *, week: int | None = None) -> str:
    """The plan for a terminal: header, one week at a glance and in full, then the rest."""
    lines = [
        f"Exercise plan{' for ' + str(plan.profile['id']) if plan.profile.get('id') else ''}",
        f"Falls risk: {plan.fall_risk}   Starts: {_date(plan.start_date)}   "
        f"Review by: {_date(plan.review_date)}",
        f"Rules: version {plan.ruleset.version} ({plan.ruleset.sha256[:12]})",
        "",
    ]
    if not plan.weeks:
        lines += ["No exercise until a doctor has reviewed the red flag reported.", ""]
    else:
        chosen = plan.weeks[(week or 1) - 1]
        lines += _glance(chosen, len(plan.weeks)) + [""] + _days(chosen)
        if week is None:
            lines += ["", "Progression"] + _progression(plan)
    lines += ["", "Warnings"]
    lines += [f"  {w.code}: {w.text}" for w in plan.warnings]
    if plan.supervision.required:
        lines += ["", f"Supervision: required ({', '.join(plan.supervision.rules)})"]
    lines += _unmet(plan)
    for note in plan.explanation.notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines) + "\n"


def _glance(week: Week, total: int) -> list[str]:
    header = f"Week {week.week} of {total} ({week.phase}) at a glance"
    names = [d.weekday[:3] for d in week.days]
    lines = [header, f"{'':22}" + "".join(f"{n:>6}" for n in names)]
    for component in COMPONENTS:
        marks = [
            "x" if any(s.component == component for s in day.sessions) else "." for day in week.days
        ]
        if "x" in marks:
            lines.append(f"{COMPONENT_LABELS[component]:22}" + "".join(f"{m:>6}" for m in marks))
    lines.append(f"{'Minutes':22}" + "".join(f"{d.minutes:>6}" for d in week.days))
    return lines


def _days(week: Week) -> list[str]:
    lines = []
    for day in week.days:
        lines.append(f"{day.weekday} (day {day.day}): {day.minutes} min")
        if not day.sessions:
            lines.append("  rest day")
        for session in day.sessions:
            lines.append(f"  {COMPONENT_LABELS[session.component]} ({session.minutes} min)")
            for ex in session.exercises:
                lines.append(f"    - {ex.name}: {format_dose(ex.dose)}")
    return lines


def _progression(plan: Plan) -> list[str]:
    lines = []
    phases: dict[str, list[int]] = {}
    for week in plan.weeks:
        phases.setdefault(week.phase, []).append(week.week)
    for phase, numbers in phases.items():
        span = f"week {numbers[0]}" if len(numbers) == 1 else f"weeks {numbers[0]}-{numbers[-1]}"
        lines.append(f"  {span}: {phase}")
    lines.append(
        "  Doses rise by phase; restrictions stay until your clinician lifts them. "
        f"Review by {_date(plan.review_date)}."
    )
    return lines


def _unmet(plan: Plan) -> list[str]:
    if not plan.unmet:
        return ["", "Could not be met: nothing; every requirement was met"]
    lines = ["", "Could not be met"]
    for item in plan.unmet:
        lines.append(f"  {item.rule}: {item.label}")
        lines.append(f"      required: {item.required}; found: {item.found}")
        lines.append(f"      why: {item.reason}")
    return lines


def render_explanation(plan: Plan, rulebook: Rulebook) -> str:
    """Every rule fired with its sources, every exclusion with its reason, every choice."""
    ex = plan.explanation
    profile = plan.profile
    lines = [
        f"Profile: age {profile['age']}, ability {profile['ability']}, "
        f"{len(profile['fractures'])} fracture(s) listed",
        f"Falls risk: {plan.fall_risk}"
        + (f" (because: {'; '.join(ex.fall_risk_reasons)})" if ex.fall_risk_reasons else ""),
        f"Rules: {rulebook.info.name}, version {plan.ruleset.version}",
        "",
        f"Rules fired ({len(plan.rules_fired)})",
    ]
    for rule in plan.rules_fired:
        lines.append(f"  {rule.id}  {rule.title}  [{', '.join(rule.sources)}]")
        for reason in ex.because.get(rule.id, []):
            lines.append(f"      because: {reason}")
        lines.append(f"      rationale: {ex.rationale[rule.id]}")
    if ex.caps:
        lines += ["", "Caps (lowest wins)"]
        lines += [f"  {tag}: at most {level}" for tag, level in ex.caps.items()]
    if ex.lifted:
        lines += ["", "Requirements lifted"] + [f"  {item}" for item in ex.lifted]
    if ex.suppressed:
        lines += ["", "Warnings not printed"]
        lines += [f"  {code} (by {', '.join(rules)})" for code, rules in ex.suppressed.items()]
    lines += _unmet(plan)
    lines += ["", "In the plan, and why"]
    for note in ex.chosen:
        lines.append(f"  {note.slug}: {'; '.join(note.reasons)}")
    lines += ["", f"Left out by rules ({len(plan.excluded)})"]
    for item in plan.excluded:
        lines.append(f"  {item.slug}: {', '.join(item.rules)}: {item.reason}")
    lines += ["", "Not chosen"]
    lines += [f"  {item.slug}: {item.reason}" for item in ex.left_out]
    cited = sorted({key for rule in plan.rules_fired for key in rule.sources})
    lines += ["", "Sources"]
    lines += [f"  [{key}] {rulebook.sources[key].citation}" for key in cited]
    for remark in ex.notes:
        lines += ["", f"Note: {remark}"]
    return "\n".join(lines) + "\n"
