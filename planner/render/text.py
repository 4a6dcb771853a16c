"""The plan as terminal text: the week at a glance, the days, the build-up and the warnings.

Output of the ``plan`` command: a pure function from a :class:`Plan` to a string.
"""

from __future__ import annotations

from planner.explain import adjustment_lines, unmet_lines
from planner.plan import Plan, Week
from planner.render.wording import format_dose, terminal_date
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS


def render_text(plan: Plan, *, week: int | None = None) -> str:
    """The plan for a terminal: header, one week at a glance and in full, then the rest."""
    lines = [
        f"Exercise plan{' for ' + plan.profile.id if plan.profile.id else ''}",
        f"Falls risk: {plan.fall_risk}   Starts: {terminal_date(plan.start_date)}   "
        f"Review by: {terminal_date(plan.review_date)}",
        f"Rules: version {plan.ruleset.version} ({plan.ruleset.sha256[:12]})",
        f"Programme: block {plan.programme.block}, weeks {plan.programme.week}-"
        f"{plan.programme.week + max(len(plan.weeks), 1) - 1} of the 12-month programme"
        + (" (maintenance)" if plan.programme.maintenance else ""),
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
    lines += adjustment_lines(plan)
    lines += unmet_lines(plan)
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
        f"Review by {terminal_date(plan.review_date)}."
    )
    return lines
