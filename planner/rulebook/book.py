"""A loaded rulebook: the validated rule set, exercise library, warnings, sources and pictures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.pictures.pose import ExercisePose
from planner.rulebook.exercises import Exercise
from planner.rulebook.files import EquipmentFile, RulesetInfo, Source, WarningText
from planner.rulebook.matches import ExerciseMatch
from planner.rulebook.review_rules import ReviewRule
from planner.rulebook.rules import Rule


@dataclass(frozen=True, eq=False)
class Rulebook:
    """A validated rule set and exercise library, ready for the engine."""

    path: Path
    info: RulesetInfo
    sha256: str
    rules: tuple[Rule, ...]
    exercises: dict[str, Exercise]
    warnings: dict[str, WarningText]
    sources: dict[str, Source]
    equipment: EquipmentFile
    poses: dict[str, ExercisePose]
    rule_files: dict[str, str] = field(default_factory=dict)
    review_rules: tuple[ReviewRule, ...] = ()
    _selected: dict[int, tuple[ExerciseMatch, tuple[str, ...]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def household(self) -> frozenset[str]:
        """The equipment a household is taken to have unless a profile says otherwise."""
        return frozenset(self.equipment.household)

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every equipment name the rulebook knows."""
        return frozenset(self.equipment.household) | frozenset(self.equipment.on_request)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id."""
        return next(r for r in self.rules if r.id == rule_id)

    def selected(self, match: ExerciseMatch) -> tuple[str, ...]:
        """Slugs of the library entries an exercise match selects.

        Cached per match object; the cache holds the match itself, so its id can never be
        reused by another match while the answer is kept.
        """
        cached = self._selected.get(id(match))
        if cached is None or cached[0] is not match:
            slugs = tuple(s for s, ex in self.exercises.items() if match.matches(ex))
            cached = self._selected[id(match)] = (match, slugs)
        return cached[1]
