"""The pool a plan is chosen from: permitted exercises whose equipment the patient has."""

from __future__ import annotations

from dataclasses import dataclass

from planner.engine import Decisions, permitted
from planner.errors import Problem, ProfileError, suggest
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.rulebook.exercises import Exercise


def check_equipment(profile: Profile, rulebook: Rulebook) -> None:
    """Every equipment name in the profile is in the rulebook's vocabulary."""
    problems = [
        Problem(
            f"unknown equipment '{name}'",
            field=f"equipment[{i}]",
            suggestion=suggest(name, rulebook.vocabulary),
        )
        for i, name in enumerate(profile.equipment or ())
        if name not in rulebook.vocabulary
    ]
    if problems:
        raise ProfileError(
            problems=problems,
            summary="Equipment must come from the list shown by 'osteoplan exercises --equipment':",
        )


@dataclass(frozen=True)
class Pool:
    """The exercises a plan may hold, in library order, and the equipment at hand."""

    exercises: list[Exercise]
    available: frozenset[str]

    @classmethod
    def of(cls, profile: Profile, decisions: Decisions, rulebook: Rulebook) -> Pool:
        """Library entries no fired rule excludes and the profile's equipment (or the household
        basics, when it lists none) allows."""
        available = (
            frozenset(profile.equipment) if profile.equipment is not None else rulebook.household
        )
        exercises = [
            ex
            for ex in rulebook.exercises.values()
            if permitted(ex, decisions) and ex.equipment_for(available) is not None
        ]
        return cls(exercises, available)
