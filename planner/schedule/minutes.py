"""Minutes-a-week requirements (guidance 10.0 item 11): sessions that state the time asked for.

A component's session grows, and its days rise, until the doses it states meet every minutes
requirement in every phase, each day staying within the daily budget. What cannot be met is
reported with what was found; nothing is padded.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.engine import ActiveRequirement, Decisions
from planner.plan import UnmetRequirement
from planner.rulebook.exercises import Exercise
from planner.schedule.days import peak, place_days
from planner.schedule.layout import Layout
from planner.schedule.sessions import variants
from planner.vocabulary import Component, Phase


def minutes_needs(decisions: Decisions) -> dict[Component, list[ActiveRequirement]]:
    """The active minutes requirements, grouped by the one component each matches."""
    needs: dict[Component, list[ActiveRequirement]] = {}
    for req in decisions.requirements:
        if req.requirement.minutes is not None and req.requirement.match.component:
            needs.setdefault(req.requirement.match.component[0], []).append(req)
    return needs


def _stated(members: Iterable[Exercise], req: ActiveRequirement, phase: Phase) -> float:
    """Minutes a session of ``members`` states toward ``req`` at a phase."""
    return sum(ex.dose.stated_minutes(phase) for ex in members if req.requirement.match.matches(ex))


def minutes_met(
    members: list[Exercise], days: int, reqs: list[ActiveRequirement], phases: tuple[Phase, ...]
) -> bool:
    """Whether ``days`` sessions of ``members`` a week meet every requirement in every phase."""
    for req in reqs:
        minutes, spread = req.requirement.minutes, req.requirement.spread
        assert minutes is not None
        weekly = [days * _stated(members, req, phase) for phase in phases]
        if any(w < minutes.at(phase) for w, phase in zip(weekly, phases, strict=True)):
            return False
        if spread is not None and days < spread.days and max(weekly) > spread.above_minutes:
            return False
    return True


def meet_minutes(
    layout: Layout,
    component: Component,
    reqs: list[ActiveRequirement],
    pool: list[Exercise],
    budget: int,
    phases: tuple[Phase, ...],
) -> Layout:
    """The layout whose ``component`` sessions state the minutes ``reqs`` ask for.

    Tries the fewest days first (at least what the day requirements and the spread need) and,
    for each, the fewest exercises in the session (the chosen ones first, then the permitted ones
    that are not variants of them, then the variants), keeping every day within ``budget``. What
    cannot be met is reported as unmet; nothing is padded.
    """
    base = list(layout.sets.get(component, []))
    fresh = [
        ex
        for ex in pool
        if ex.component == component
        and ex not in base
        and any(r.requirement.match.matches(ex) for r in reqs)
    ]
    new = [ex for ex in fresh if not any(variants(ex, m) for m in base)]
    order = base + new + [ex for ex in fresh if ex not in new]
    first_day = min(
        max([layout.days.get(component, 0)] + [r.requirement.days for r in reqs]),
        layout.max_days(component),
    )

    def session_for(days: int) -> list[Exercise] | None:
        for size in range(len(base), len(order) + 1):
            if minutes_met(order[:size], days, reqs, phases):
                return order[:size]
        return None

    def trial(members: list[Exercise], days: int) -> tuple[Layout, int]:
        out = layout.copy()
        out.sets[component] = list(members)
        out.days[component] = days
        out.required |= {ex.slug for ex in members}
        out.assigned.setdefault(component, [])
        out.assigned[component] += [r for r in reqs if r not in out.assigned[component]]
        return out, peak(out, place_days(out, budget))

    over_budget = False
    for days in range(first_day, layout.max_days(component) + 1):
        members = session_for(days)
        if members is None:
            continue
        out, longest = trial(members, days)
        if longest <= budget:
            return out
        over_budget = True
    # Short of the dose: the most of it that fits the daily budget, fewest days and exercises
    # first; the shortfall is reported.
    least = max(1, sum(1 for ex in base if ex.slug in layout.required))
    best: tuple[float, int, int] | None = None
    for days in range(first_day, layout.max_days(component) + 1):
        for size in range(least, len(order) + 1):
            if trial(order[:size], days)[1] > budget:
                break
            share = min(
                days * _stated(order[:size], r, p) / r.requirement.minutes.at(p)
                for r in reqs
                for p in phases
                if r.requirement.minutes is not None
            )
            if best is None or share > best[0]:
                best = (share, days, size)
    days, size = (best[1], best[2]) if best is not None else (first_day, least)
    members = order[:size]
    out, _ = trial(members, days)
    out.unmet += _minutes_shortfall(
        members, days, reqs, phases, over_budget=over_budget, budget=budget
    )
    return out


def _minutes_shortfall(
    members: list[Exercise],
    days: int,
    reqs: list[ActiveRequirement],
    phases: tuple[Phase, ...],
    *,
    over_budget: bool,
    budget: int,
) -> list[UnmetRequirement]:
    """An unmet record for each minutes requirement the final sessions fall short of."""
    out = []
    for req in reqs:
        minutes = req.requirement.minutes
        assert minutes is not None
        if minutes_met(members, days, [req], phases):
            continue
        weekly = {phase: days * _stated(members, req, phase) for phase in phases}
        names = ", ".join(ex.name.lower() for ex in members if req.requirement.match.matches(ex))
        reason = (
            f"the daily time budget of {budget} minutes leaves no room for more"
            if over_budget
            else f"the permitted exercises ({names}) state no more time, even on {days} days"
        )
        out.append(
            UnmetRequirement(
                rule=req.rule,
                label=req.requirement.label,
                required=_per_phase({phase: minutes.at(phase) for phase in phases}),
                found=_per_phase(weekly) + f", on {days} days",
                reason=reason,
            )
        )
    return out


PHASE_WEEKS: dict[Phase, str] = {
    "foundation": "in weeks 1-4",
    "build": "in weeks 5-8",
    "progress": "from week 9",
}


def _per_phase(values: dict[Phase, float]) -> str:
    """E.g. "60 minutes a week in weeks 1-4, 90 in weeks 5-8, 120 from week 9"."""
    parts = [f"{round(v, 1):g} {PHASE_WEEKS[phase]}" for phase, v in values.items()]
    parts[0] = parts[0].replace(" ", " minutes a week ", 1)
    return ", ".join(parts)
