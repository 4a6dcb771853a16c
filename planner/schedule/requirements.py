"""Meeting day requirements, most specific first, and reporting the ones that cannot be met.

Each requirement is met by one exercise (one already chosen if it can be), added to its
component's session, and that component is scheduled on at least the required number of days.
Nothing excluded is ever added: a requirement that cannot be met is reported, not forced.
"""

from __future__ import annotations

from planner.engine import ActiveRequirement, Decisions
from planner.plan import UnmetRequirement
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.rulebook.exercises import Exercise
from planner.rulebook.matches import ExerciseMatch
from planner.schedule.layout import Layout
from planner.schedule.pool import Pool
from planner.vocabulary import Component, level_rank


def meet_requirements(layout: Layout, decisions: Decisions, pool: Pool, rulebook: Rulebook) -> None:
    """Add an exercise for each active requirement, those with fewest candidates first."""

    def candidates(req: ActiveRequirement) -> tuple[list[Exercise], ExerciseMatch]:
        match = req.requirement.match
        found = [ex for ex in pool.exercises if match.matches(ex)]
        if not found and req.requirement.or_else is not None:
            match = req.requirement.or_else
            found = [ex for ex in pool.exercises if match.matches(ex)]
        return found, match

    rule_order = [r.id for r in rulebook.rules]
    found_for = {id(r): candidates(r) for r in decisions.requirements}
    ordered = sorted(
        decisions.requirements,
        key=lambda r: (len(found_for[id(r)][0]), -r.requirement.days, rule_order.index(r.rule)),
    )
    for req in ordered:
        found, match = found_for[id(req)]
        need = req.requirement.days
        if not found:
            layout.unmet.append(
                UnmetRequirement(
                    rule=req.rule,
                    label=req.requirement.label,
                    required=f"on {need} {_days_word(need)} a week",
                    found="no permitted exercise",
                    reason=_why_unavailable(
                        req.requirement.match, decisions, rulebook, pool.available
                    ),
                )
            )
            continue
        chosen = [ex for ex in layout.chosen() if match.matches(ex)]
        reachable = [ex for ex in chosen if layout.max_days(ex.component) >= need]
        pick = (reachable or chosen or _ranked(found, need, layout))[0]
        if not reachable and chosen:
            better = [
                ex for ex in _ranked(found, need, layout) if layout.max_days(ex.component) >= need
            ]
            pick = better[0] if better else chosen[0]
        layout.add(pick, need)
        layout.assigned.setdefault(pick.component, []).append(req)
        if len(found) == 1 or req.requirement.match.slug:
            layout.required.add(pick.slug)
        if layout.max_days(pick.component) < need:
            layout.unmet.append(
                UnmetRequirement(
                    rule=req.rule,
                    label=req.requirement.label,
                    required=f"on {need} {_days_word(need)} a week",
                    found=f"on {layout.max_days(pick.component)} days",
                    reason=_days_reason(pick.component, layout),
                )
            )


def _days_reason(component: Component, layout: Layout) -> str:
    """Why a component cannot take more days."""
    most = layout.max_days(component)
    if not layout.rest:
        return f"{component} fits on at most {most} non-adjacent days a week"
    spacing = " non-adjacent" if component == "resistance" else ""
    return f"{component} fits on at most {most}{spacing} days around the rest days"


def _ranked(found: list[Exercise], need: int, layout: Layout) -> list[Exercise]:
    """Candidates best first: able to reach the days needed, most intense walking, library order."""
    order = {ex.slug: i for i, ex in enumerate(found)}

    def key(ex: Exercise) -> tuple[int, int, int]:
        aerobic = level_rank("aerobic_intensity", ex.tags.aerobic_intensity)
        return (
            0 if layout.max_days(ex.component) >= need else 1,
            -aerobic if ex.component == "aerobic" else 0,
            order[ex.slug],
        )

    return sorted(found, key=key)


def _why_unavailable(
    match: ExerciseMatch, decisions: Decisions, rulebook: Rulebook, available: frozenset[str]
) -> str:
    """Why no permitted exercise can meet a requirement, exercise by exercise."""
    reasons = []
    for ex in rulebook.exercises.values():
        if not match.matches(ex):
            continue
        if ex.slug in decisions.exclusions:
            rules = ", ".join(decisions.exclusions[ex.slug].rules)
            reasons.append(f"{ex.name} is excluded by {rules}")
        elif ex.missing_equipment(available):
            labels = rulebook.equipment.labels
            missing = [
                " or ".join(labels.get(name, name) for name in item.split(" or "))
                for item in ex.missing_equipment(available)
            ]
            reasons.append(f"{ex.name} needs {', '.join(missing)}")
        else:
            reasons.append(f"{ex.name} is left out by the clinician")
    if not reasons:
        return f"the library has no exercise matching {match.text()}"
    return "; ".join(reasons)


def _days_word(n: int) -> str:
    return "day" if n == 1 else "days"


def unmet_supervision(profile: Profile, decisions: Decisions) -> list[UnmetRequirement]:
    """Supervision a rule asks for that the profile says is not available (10.0 item 11)."""
    if profile.supervision_available or not decisions.supervision:
        return []
    return [
        UnmetRequirement(
            rule=rule,
            label="the first sessions supervised by a physiotherapist or trained instructor",
            required="supervised sessions",
            found="no supervision available",
            reason="the profile says no physiotherapist or instructor can supervise; "
            "arrange supervision (a helper at home is not supervision)",
        )
        for rule in sorted(set(decisions.supervision))
    ]
