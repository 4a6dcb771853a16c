"""Filling sessions: each scheduled session topped up to a sensible size for the patient."""

from __future__ import annotations

from planner.profile.model import Profile
from planner.rulebook.exercises import Exercise
from planner.schedule.layout import Layout
from planner.vocabulary import Component

#: Exercises in one session of a component, by ability (project default).
SESSION_SIZE: dict[Component, dict[str, int]] = {
    "resistance": {"frail": 3, "limited": 4, "independent": 5, "fit": 5},
    "balance": {"frail": 2, "limited": 3, "independent": 3, "fit": 3},
    "posture": {"frail": 2, "limited": 3, "independent": 3, "fit": 3},
    "impact": {"frail": 1, "limited": 2, "independent": 2, "fit": 2},
    "aerobic": {"frail": 1, "limited": 1, "independent": 1, "fit": 1},
    "mobility": {"frail": 1, "limited": 1, "independent": 1, "fit": 1},
}


def fill_sessions(layout: Layout, pool: list[Exercise], profile: Profile) -> None:
    """Top up each session with permitted exercises that count toward its requirements,
    preferring ones that work a body region not yet covered."""
    for component, reqs in layout.assigned.items():
        size = SESSION_SIZE[component][profile.ability]
        members = layout.sets[component]
        taken = {m.slug for m in members}
        candidates = [
            ex
            for ex in pool
            if ex.component == component
            and ex.slug not in taken
            and any(r.requirement.match.matches(ex) for r in reqs)
        ]
        while len(members) < size:
            # One variant of each movement: skip easier or harder versions of a chosen one.
            fresh = [ex for ex in candidates if not any(variants(ex, m) for m in members)]
            if not fresh:
                break
            covered = {region for ex in members for region in ex.region}
            best = next((ex for ex in fresh if set(ex.region) - covered), None)
            if best is None:
                break
            members.append(best)
            candidates = [ex for ex in candidates if ex.slug != best.slug]


def variants(a: Exercise, b: Exercise) -> bool:
    """Whether one exercise is the library's progression or regression of the other."""
    return a.slug in b.progression + b.regression or b.slug in a.progression + a.regression
