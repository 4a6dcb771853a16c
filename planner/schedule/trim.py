"""Fitting a week into a clinician's smaller daily budget, reporting what no longer fits.

The rules' minimums are planned first; when a physiotherapist sets fewer minutes a day than
they need, sessions lose exercises (the last chosen first) and then days, until the longest
day fits. Every requirement the trimmed week no longer meets is reported as unmet, never
hidden; whether that is accepted is for the adjustments' checks to decide.
"""

from __future__ import annotations

from planner.engine import ActiveRequirement, Decisions
from planner.plan import UnmetRequirement
from planner.schedule.days import peak, place_days, session_minutes
from planner.schedule.layout import Layout
from planner.schedule.minutes import minutes_met
from planner.vocabulary import Component, Phase


def trim_to_budget(
    layout: Layout, budget: int, decisions: Decisions, phases: tuple[Phase, ...]
) -> None:
    """Shrink ``layout`` until its longest day fits ``budget``; add what it no longer meets to
    its unmet list."""
    shrunk = False
    while peak(layout, place_days(layout, budget)) > budget and _shrink(layout, budget):
        shrunk = True
    if not shrunk:
        return
    days = place_days(layout, budget)
    listed = {(u.rule, u.label) for u in layout.unmet}
    for req in decisions.requirements:
        if (req.rule, req.requirement.label) not in listed and not _met(layout, days, req, phases):
            layout.unmet.append(_shortfall(layout, days, req, budget))


def _shrink(layout: Layout, budget: int) -> bool:
    """Take one exercise from the longest session of the longest day, or, from a session of a
    single exercise, one day; False when nothing is left to take."""
    days = place_days(layout, budget)
    longest = max(days, key=lambda comps: sum(_minutes(layout, c) for c in comps))
    if not longest:
        return False
    component = max(longest, key=lambda c: (_minutes(layout, c), c))
    members = layout.sets[component]
    if len(members) > 1:
        layout.sets[component] = members[:-1]
    elif layout.days.get(component, 0) > 1:
        layout.days[component] -= 1
    else:
        del layout.sets[component]
        layout.days.pop(component, None)
    return True


def _minutes(layout: Layout, component: Component) -> int:
    return session_minutes(layout.sets.get(component, []), "progress")


def _days_with(layout: Layout, days: list[list[Component]], req: ActiveRequirement) -> int:
    """On how many days of the week an exercise counting toward ``req`` is planned."""

    def counts(component: Component) -> bool:
        match, other = req.requirement.match, req.requirement.or_else
        return any(
            match.matches(ex) or (other is not None and other.matches(ex))
            for ex in layout.sets.get(component, [])
        )

    return sum(1 for comps in days if any(counts(c) for c in comps))


def _met(
    layout: Layout, days: list[list[Component]], req: ActiveRequirement, phases: tuple[Phase, ...]
) -> bool:
    if _days_with(layout, days, req) < req.requirement.days:
        return False
    if req.requirement.minutes is None or not req.requirement.match.component:
        return True
    component = req.requirement.match.component[0]
    members = layout.sets.get(component, [])
    return minutes_met(members, layout.days.get(component, 0), [req], phases)


def _shortfall(
    layout: Layout, days: list[list[Component]], req: ActiveRequirement, budget: int
) -> UnmetRequirement:
    need, found = req.requirement.days, _days_with(layout, days, req)
    return UnmetRequirement(
        rule=req.rule,
        label=req.requirement.label,
        required=f"on {need} day{'s' if need != 1 else ''} a week"
        + (" with the minutes it states" if req.requirement.minutes is not None else ""),
        found=f"on {found} day{'s' if found != 1 else ''}",
        reason=f"the daily time budget of {budget} minutes leaves no room for more",
    )
