"""The explanation as text: every rule fired with its sources, every exclusion with its reason,
every choice. Output of the ``explain`` command."""

from __future__ import annotations

from planner.plan import Plan
from planner.rulebook import Rulebook


def render_explanation(plan: Plan, rulebook: Rulebook) -> str:
    """Every rule fired with its sources, every exclusion with its reason, every choice."""
    ex = plan.explanation
    profile = plan.profile
    lines = [
        f"Profile: age {profile.age}, ability {profile.ability}, "
        f"{len(profile.fractures)} fracture(s) listed",
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
    lines += adjustment_lines(plan)
    lines += unmet_lines(plan)
    lines += ["", "In the plan, and why"]
    for note in ex.chosen:
        lines.append(f"  {note.slug}: {'; '.join(note.reasons)}")
    lines += ["", f"Left out by rules ({len(plan.excluded)})"]
    for item in plan.excluded:
        lines.append(f"  {item.slug}")
        lines += [f"      {r.rule}: {r.reason}" for r in item.reasons]
    lines += ["", "Not chosen"]
    lines += [f"  {item.slug}: {item.reason}" for item in ex.left_out]
    cited = sorted({key for rule in plan.rules_fired for key in rule.sources})
    lines += ["", "Sources"]
    lines += [f"  [{key}] {rulebook.sources[key].citation}" for key in cited]
    for remark in ex.notes:
        lines += ["", f"Note: {remark}"]
    return "\n".join(lines) + "\n"


def unmet_lines(plan: Plan) -> list[str]:
    """What could not be met, each with what was required, what was found and why."""
    if not plan.unmet:
        return ["", "Could not be met: nothing; every requirement was met"]
    lines = ["", "Could not be met"]
    for item in plan.unmet:
        lines.append(f"  {item.rule}: {item.label}")
        lines.append(f"      required: {item.required}; found: {item.found}")
        lines.append(f"      why: {item.reason}")
        if item.accepted:
            lines.append(f"      accepted by the clinician: {item.accepted}")
    return lines


def adjustment_lines(plan: Plan) -> list[str]:
    """The physiotherapist's adjustments, each with its reason and what it did."""
    if not plan.adjustments:
        return []
    lines = ["", "Adjusted by the clinician"]
    for item in plan.adjustments:
        what = item.kind.replace("_", " ")
        if item.exercise:
            what += f" {item.exercise}"
        if item.replacement:
            what += f" for {item.replacement}"
        lines.append(f"  {what}: {item.effect}")
        if item.reason:
            lines.append(f"      reason: {item.reason}")
    return lines
