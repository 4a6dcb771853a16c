"""Placing components on the 7 days of the week, within the patient's daily time budget.

Resistance keeps fixed non-adjacent days; every other component takes evenly spread days,
rotated so that no day's minutes exceed the budget; fill-in exercises are dropped if a day would
still be too long.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from planner.rulebook.exercises import Exercise
from planner.schedule.layout import Layout, apart
from planner.vocabulary import COMPONENTS, Component, Phase

#: Daily minutes a person can reasonably give, by ability (project default).
DAY_BUDGET = {"frail": 45, "limited": 60, "independent": 75, "fit": 90}
#: Resistance days (0 = the plan's first weekday), none adjacent even from Sunday to Monday.
RESISTANCE_DAYS = {1: (0,), 2: (0, 3), 3: (0, 2, 4)}


def session_minutes(exercises: Iterable[Exercise], phase: Phase) -> int:
    """A session's minutes on the day at a phase."""
    return sum(ex.dose.minutes_at(phase) for ex in exercises)


def peak(layout: Layout, days: list[list[Component]]) -> int:
    """The longest day's minutes in the last phase."""
    return max(sum(session_minutes(layout.sets[c], "progress") for c in comps) for comps in days)


def place_days(layout: Layout, budget: int) -> list[list[Component]]:
    """Which components fall on each of the 7 days, keeping days within the budget."""
    while True:
        days = _spread(layout)
        if peak(layout, days) <= budget or not _drop_fill_in(layout):
            return days


def _spread(layout: Layout) -> list[list[Component]]:
    """Each component on evenly spaced days, rotated so the longest day is as short as can be.

    Resistance keeps its fixed non-adjacent days. Every other component takes one rotation of
    its evenly spaced pattern; the rotations chosen together make the longest day shortest, then
    the days most even (least sum of squares), then the earliest rotations: a small search,
    pruned as soon as a partial week is already worse than the best found.
    """
    order = sorted(
        (c for c in layout.days if layout.sets.get(c)),
        key=lambda c: (c != "resistance", -session_minutes(layout.sets[c], "progress"), c),
    )
    minutes = {c: session_minutes(layout.sets[c], "progress") for c in order}
    choices = {c: _rotations(c, layout.days[c], layout.rest) for c in order}
    best: tuple[int, int, list[tuple[int, ...]]] | None = None

    def search(i: int, load: list[int], picked: list[tuple[int, ...]]) -> None:
        nonlocal best
        key = (max(load), sum(x * x for x in load))
        if best is not None and key >= best[:2]:
            return  # adding days only raises both figures
        if i == len(order):
            best = (key[0], key[1], list(picked))
            return
        for ds in choices[order[i]]:
            after = [x + minutes[order[i]] if d in ds else x for d, x in enumerate(load)]
            search(i + 1, after, [*picked, ds])

    search(0, [0] * 7, [])
    assert best is not None
    days: list[list[Component]] = [[] for _ in range(7)]
    for component, ds in zip(order, best[2], strict=True):
        for d in ds:
            days[d].append(component)
    return [sorted(comps, key=COMPONENTS.index) for comps in days]


def _rotations(
    component: Component, n: int, rest: frozenset[int] = frozenset()
) -> list[tuple[int, ...]]:
    """The day sets a component may take: resistance its fixed days, others evenly spaced.

    Around rest days: resistance any non-adjacent open days, others the open days spread most
    evenly (the largest smallest gap between them).
    """
    if n == 0:  # a session whose days are not settled yet takes none
        return [()]
    if not rest:
        if component == "resistance":
            return [RESISTANCE_DAYS[n]]
        base = [i * 7 // n for i in range(n)]
        return sorted({tuple(sorted((d + r) % 7 for d in base)) for r in range(7)})
    open_days = [d for d in range(7) if d not in rest]
    sets = list(combinations(open_days, min(n, len(open_days))))
    if component == "resistance":
        return [days for days in sets if apart(days)]
    widest = max(_smallest_gap(days) for days in sets)
    return [days for days in sets if _smallest_gap(days) == widest]


def _smallest_gap(days: tuple[int, ...]) -> int:
    """The fewest days from one of ``days`` to the next, round the week."""
    if len(days) < 2:
        return 7
    return min((b - a) % 7 for a, b in zip(days, days[1:] + days[:1], strict=True))


def _drop_fill_in(layout: Layout) -> bool:
    """Remove the last fill-in exercise of the largest session; False if none is left."""
    for component in sorted(layout.sets, key=lambda c: -len(layout.sets[c])):
        members = layout.sets[component]
        for ex in reversed(members):
            if ex.slug not in layout.required and len(members) > 1:
                still_met = all(
                    any(r.requirement.match.matches(o) for o in members if o is not ex)
                    for r in layout.assigned.get(component, [])
                    if r.requirement.match.matches(ex)
                )
                if still_met:
                    layout.sets[component] = [m for m in members if m is not ex]
                    return True
    return False
