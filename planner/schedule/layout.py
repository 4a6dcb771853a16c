"""The week being built: the exercises chosen for each component and the days each takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from planner.engine import ActiveRequirement
from planner.plan import UnmetRequirement
from planner.rulebook.exercises import Exercise
from planner.vocabulary import COMPONENTS, Component

MAX_RESISTANCE_DAYS = 3


def max_days(component: Component, rest: frozenset[int] = frozenset()) -> int:
    """The most days a week a component may take: resistance never on adjacent days (Sunday
    to Monday included), nothing on the rest days (day numbers 0-6 of the plan's week)."""
    open_days = [d for d in range(7) if d not in rest]
    if component != "resistance":
        return len(open_days)
    for n in range(MAX_RESISTANCE_DAYS, 0, -1):
        if any(apart(days) for days in combinations(open_days, n)):
            return n
    return 0


def apart(days: tuple[int, ...]) -> bool:
    """Whether no two of the days are adjacent in the week, Sunday to Monday included."""
    return all((b - a) % 7 not in (1, 6) for a, b in combinations(days, 2))


@dataclass
class Layout:
    """The week being built: one ordered exercise list and a day count per component."""

    sets: dict[Component, list[Exercise]] = field(default_factory=dict)
    days: dict[Component, int] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)  # slugs that alone meet some requirement
    unmet: list[UnmetRequirement] = field(default_factory=list)
    assigned: dict[Component, list[ActiveRequirement]] = field(default_factory=dict)
    rest: frozenset[int] = frozenset()  # day numbers (0-6) with no exercise

    def max_days(self, component: Component) -> int:
        """The most days a week ``component`` may take in this week."""
        return max_days(component, self.rest)

    def copy(self) -> Layout:
        """A copy whose lists and sets can change without touching this one."""
        return Layout(
            sets={c: list(m) for c, m in self.sets.items()},
            days=dict(self.days),
            required=set(self.required),
            unmet=list(self.unmet),
            assigned={c: list(r) for c, r in self.assigned.items()},
            rest=self.rest,
        )

    def chosen(self) -> list[Exercise]:
        """Every chosen exercise, component by component."""
        return [ex for c in COMPONENTS for ex in self.sets.get(c, [])]

    def add(self, exercise: Exercise, days: int) -> None:
        """Put an exercise in its component's session, on at least ``days`` days if it can be."""
        c = exercise.component
        members = self.sets.setdefault(c, [])
        if all(m.slug != exercise.slug for m in members):
            members.append(exercise)
        self.days[c] = max(self.days.get(c, 0), min(days, self.max_days(c)))

    def counts_toward(self) -> dict[str, list[ActiveRequirement]]:
        """For each chosen exercise, the requirements it counts toward."""
        return {
            ex.slug: [
                req
                for reqs in self.assigned.values()
                for req in reqs
                if req.requirement.match.matches(ex)
                or (req.requirement.or_else is not None and req.requirement.or_else.matches(ex))
            ]
            for ex in self.chosen()
        }
