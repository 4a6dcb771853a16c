"""The pool a plan is chosen from: permitted exercises whose equipment the patient has."""

from __future__ import annotations

from dataclasses import dataclass

from planner.engine import Decisions, permitted
from planner.errors import ProfileError
from planner.profile.model import EquipmentNames, Profile, equipment_problems
from planner.rulebook import Rulebook
from planner.rulebook.exercises import Exercise
from planner.schedule.tailoring import NO_TAILORING, Tailoring


def check_equipment(profile: Profile, rulebook: Rulebook) -> None:
    """Every equipment name is in the rulebook's vocabulary, and every item the patient lacks is
    one of its household basics."""
    names = EquipmentNames(household=rulebook.household, vocabulary=rulebook.vocabulary)
    problems = equipment_problems(profile, names)
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
    def of(
        cls,
        profile: Profile,
        decisions: Decisions,
        rulebook: Rulebook,
        tailoring: Tailoring = NO_TAILORING,
    ) -> Pool:
        """Library entries no fired rule excludes and the equipment at hand allows (the
        household basics the patient has, and the equipment listed), less those the clinician
        dropped, with the doses the clinician held."""
        available = profile.equipment_at_hand(rulebook.household)
        exercises = [
            tailoring.dosed(ex)
            for ex in rulebook.exercises.values()
            if permitted(ex, decisions)
            and ex.equipment_for(available) is not None
            and ex.slug not in tailoring.dropped
        ]
        return cls(exercises, available)

    def get(self, slug: str) -> Exercise | None:
        """The pool's entry for ``slug``, if it is in the pool."""
        return next((ex for ex in self.exercises if ex.slug == slug), None)
