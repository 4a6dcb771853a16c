"""Which exercises an effect is about: a predicate over library entries, as written in rules.

:class:`ExerciseMatch` selects exercises for exclusions, requirements and warnings, and names
the slugs the loader checks against the library.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from planner.rulebook.exercises import Exercise
from planner.rulebook.nodes import Node
from planner.vocabulary import (
    LEVEL_TAGS,
    Ability,
    AerobicLevel,
    BoolTag,
    Component,
    ImpactLevel,
    Position,
    Region,
)


class ExerciseMatch(Node):
    """Which exercises an effect is about; every given field must hold (lists mean any of).

    ``tag`` holds when any of the listed boolean safety tags is true. ``any_of`` holds when any of
    its predicates holds, so ``{any_of: [{slug: [a]}, {component: [aerobic]}]}`` reads "a, or any
    aerobic exercise".
    """

    slug: list[str] | None = None
    slug_not_in: list[str] | None = Field(None, description="every entry except these")
    component: list[Component] | None = None
    position: list[Position] | None = None
    position_not_in: list[Position] | None = None
    region: list[Region] | None = None
    tag: list[BoolTag] | None = None
    impact: list[ImpactLevel] | None = None
    aerobic_intensity: list[AerobicLevel] | None = None
    balance_challenge: list[ImpactLevel] | None = None
    ability_lacks: list[Ability] | None = Field(
        None, description="entries whose ability list lacks any of these levels"
    )
    do_not_prescribe: bool | None = None
    any_of: list[ExerciseMatch] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> ExerciseMatch:
        if not self.model_dump(exclude_none=True):
            raise ValueError(
                "an exercise match needs at least one field (slug, tag, component, ...)"
            )
        return self

    def matches(self, exercise: Exercise) -> bool:
        """Whether ``exercise`` satisfies every given field."""
        tags = exercise.tags
        return (
            (self.slug is None or exercise.slug in self.slug)
            and (self.slug_not_in is None or exercise.slug not in self.slug_not_in)
            and (self.component is None or exercise.component in self.component)
            and (self.position is None or exercise.position in self.position)
            and (self.position_not_in is None or exercise.position not in self.position_not_in)
            and (self.region is None or any(r in self.region for r in exercise.region))
            and (self.tag is None or any(tags.flag(t) for t in self.tag))
            and (self.impact is None or tags.impact in self.impact)
            and (self.aerobic_intensity is None or tags.aerobic_intensity in self.aerobic_intensity)
            and (self.balance_challenge is None or tags.balance_challenge in self.balance_challenge)
            and (
                self.ability_lacks is None
                or any(a not in exercise.ability for a in self.ability_lacks)
            )
            and (
                self.do_not_prescribe is None or exercise.do_not_prescribe == self.do_not_prescribe
            )
            and (self.any_of is None or any(sub.matches(exercise) for sub in self.any_of))
        )

    def slugs(self) -> list[str]:
        """Every slug this predicate names, for checking them against the library."""
        own = list(self.slug or []) + list(self.slug_not_in or [])
        return own + [s for sub in self.any_of or [] for s in sub.slugs()]

    def text(self) -> str:
        """The predicate in words, e.g. "tagged hand_load or floor_transfer"."""
        parts = []
        if self.slug:
            parts.append(" or ".join(self.slug))
        if self.component:
            parts.append(f"{'/'.join(self.component)} exercises")
        if self.position:
            parts.append(f"in position {'/'.join(self.position)}")
        if self.position_not_in:
            parts.append(f"in positions other than {', '.join(self.position_not_in)}")
        if self.region:
            parts.append(f"working {'/'.join(self.region)}")
        if self.tag:
            parts.append(f"tagged {' or '.join(self.tag)}")
        for level in LEVEL_TAGS:
            values = getattr(self, level)
            if values:
                parts.append(f"{level} {'/'.join(values)}")
        if self.slug_not_in:
            parts.append(f"except {', '.join(self.slug_not_in)}")
        if self.ability_lacks:
            parts.append(f"not suited to ability {'/'.join(self.ability_lacks)}")
        if self.do_not_prescribe:
            parts.append("do-not-prescribe entries")
        if self.any_of:
            parts.append("(" + " or ".join(sub.text() for sub in self.any_of) + ")")
        return ", ".join(parts)


ExerciseMatch.model_rebuild()
