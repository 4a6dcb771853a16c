"""The exercise library: one typed entry per exercise, as written in ``rules/exercises/``.

Entries keep the slugs, tags and vocabulary of the library's definitions (exercises.md). Each
carries a structured dose (a starting point and a 12-week target) from which every week's dose is
drawn by phase, and the plain-language text the handout prints.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from planner.vocabulary import (
    PHASES,
    Ability,
    AerobicLevel,
    BoolTag,
    Component,
    ImpactLevel,
    LevelTag,
    Phase,
    Position,
    Region,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
EquipmentName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
REST_BETWEEN_SETS_S = 45
SECONDS_PER_REP = 4


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tags(_Entry):
    """Every safety tag of an exercise (exercises.md "Safety tags")."""

    spinal_flexion: bool
    spinal_rotation: bool
    end_range_flexion: bool
    impact: ImpactLevel
    aerobic_intensity: AerobicLevel
    wrist_wb: bool
    upper_limb_wb: bool
    hand_load: bool
    shoulder_load: bool
    overhead_load: bool
    hip_flex_gt90: bool
    hip_add_past_midline: bool
    hip_ir: bool
    hip_ext_er: bool
    resisted_hip_abduction: bool
    heavy_lift: bool
    floor_transfer: bool
    balance_challenge: ImpactLevel

    def flag(self, tag: BoolTag) -> bool:
        return bool(getattr(self, tag))

    def level(self, tag: LevelTag) -> str:
        return str(getattr(self, tag))


class DosePoint(_Entry):
    """One dose: any of sets, repetitions, hold seconds and minutes."""

    sets: int | None = Field(None, ge=1, le=10)
    reps: int | None = Field(None, ge=1, le=100)
    hold_s: int | None = Field(None, ge=1, le=600)
    minutes: int | None = Field(None, ge=1, le=120)


class Dose(_Entry):
    """How much to do: the starting point, where it builds to, and the load in words."""

    text: str = Field(description="the library's dose wording")
    per_side: bool = False
    continuous: bool = Field(
        False, description="the seconds are a bout of continuous movement, not a still hold"
    )
    frequency: str | None = Field(
        None, description="how often in a day, printed after the dose (e.g. several times a day)"
    )
    start: DosePoint
    target: DosePoint
    load: str | None = None
    load_target: str | None = None

    @model_validator(mode="after")
    def _target_not_below_start(self) -> Dose:
        for key in ("sets", "reps", "hold_s", "minutes"):
            a, b = getattr(self.start, key), getattr(self.target, key)
            if (a is None) != (b is None) or (a is not None and b is not None and b < a):
                raise ValueError(f"dose target.{key} must be given with start.{key} and be >= it")
        return self

    def at(self, phase: Phase) -> DosePoint:
        """The dose for a phase: the start, halfway to the target, then the target."""
        if phase == "foundation":
            return self.start
        if phase == "progress":
            return self.target
        mid = {
            key: (a + b + 1) // 2
            for key in ("sets", "reps", "hold_s", "minutes")
            if (a := getattr(self.start, key)) is not None and (b := getattr(self.target, key))
        }
        return DosePoint(**mid)

    def load_at(self, phase: Phase) -> str | None:
        return self.load_target if phase == "progress" and self.load_target else self.load

    def stated_minutes(self, phase: Phase) -> float:
        """The exercise time a phase's dose states (guidance 10.0 item 11).

        The stated duration times the sets, else sets x repetitions x hold seconds; repetitions
        alone state no time (0). Rests and the second side are not counted: these are the
        minutes a balance-dose requirement may count, never more than the patient is told.
        """
        point = self.at(phase)
        if point.minutes:
            return float(point.minutes * (point.sets or 1))
        if point.hold_s:
            return (point.sets or 1) * (point.reps or 1) * point.hold_s / 60
        return 0.0

    def minutes_at(self, phase: Phase) -> int:
        """Minutes one session of this exercise takes at a phase's dose, rounded up.

        The stated time (both sides where the dose is per side), or the repetitions at
        ``SECONDS_PER_REP`` each, plus ``REST_BETWEEN_SETS_S`` between sets.
        """
        point = self.at(phase)
        sets = point.sets or 1
        if point.minutes:
            return point.minutes * sets
        per_rep = point.hold_s or SECONDS_PER_REP
        seconds = (point.reps or 1) * per_rep * sets * (2 if self.per_side else 1)
        seconds += REST_BETWEEN_SETS_S * (sets - 1)
        return max(1, math.ceil(seconds / 60))


Rungs = tuple[int, int, int]


class RungDose(Dose):
    """A dose whose phases stand on other rungs of its ladder (0 the start, 1 halfway, 2 the
    target): a clinician's hold keeps later phases on one rung; a review's next block starts
    from the rung the patient achieved (guidance 12.0 items 2 and 8)."""

    rungs: Rungs

    def at(self, phase: Phase) -> DosePoint:
        return super().at(PHASES[self.rungs[PHASES.index(phase)]])

    def load_at(self, phase: Phase) -> str | None:
        return super().load_at(PHASES[self.rungs[PHASES.index(phase)]])


def held_rungs(phase: Phase) -> Rungs:
    """The rungs of a dose held at ``phase``: later phases repeat it, earlier ones keep their
    own, so a hold never raises a dose."""
    top = PHASES.index(phase)
    first, second, third = (min(i, top) for i in range(3))
    return (first, second, third)


class Exercise(_Entry):
    """One library entry."""

    slug: Slug
    name: str
    component: Component
    secondary: list[Component] = []
    region: list[Region]
    position: Position
    equipment: list[EquipmentName | list[EquipmentName]] = Field(
        description="what is needed; an inner list gives alternatives, any one of which will do"
    )
    optional_equipment: list[EquipmentName] = []
    ability: list[Ability]
    tags: Tags
    dose: Dose
    progression: list[Slug] = []
    regression: list[Slug] = []
    sources: list[str] = Field(min_length=1)
    instructions: list[str]
    support: str | None = Field(None, description="where to hold on, sit or lie")
    safety_cue: str | None = None
    notes: str | None = None
    do_not_prescribe: bool = False

    @model_validator(mode="after")
    def _prescribable_entries_are_complete(self) -> Exercise:
        if self.do_not_prescribe:
            if self.ability:
                raise ValueError("a do-not-prescribe entry has an empty ability list")
            return self
        if not 2 <= len(self.instructions) <= 4:
            raise ValueError("give 2-4 instruction steps")
        if not self.ability:
            raise ValueError("ability lists the levels the exercise suits")
        if not self.safety_cue or not self.support:
            raise ValueError("support and safety_cue are printed on the handout; give both")
        return self

    def held_at(self, phase: Phase) -> Exercise:
        """This exercise with its dose held at ``phase`` (never above the plan's)."""
        return self.on_rungs(held_rungs(phase))

    def on_rungs(self, rungs: Rungs) -> Exercise:
        """This exercise with its phases on the given rungs of its dose ladder."""
        if any(not 0 <= r <= 2 for r in rungs):
            raise ValueError(f"rungs are 0, 1 or 2, not {rungs}")
        base = self.dose.model_dump(exclude={"rungs"})
        return self.model_copy(update={"dose": RungDose(**base, rungs=rungs)})

    def equipment_names(self) -> set[str]:
        """Every equipment name the entry mentions, alternatives included."""
        names = set(self.optional_equipment)
        for item in self.equipment:
            names.update([item] if isinstance(item, str) else item)
        return names

    def equipment_for(self, available: frozenset[str]) -> list[str] | None:
        """The equipment this patient would use, or ``None`` if something needed is missing."""
        chosen = []
        for item in self.equipment:
            options = [item] if isinstance(item, str) else item
            usable = [name for name in options if name in available]
            if not usable:
                return None
            chosen.append(usable[0])
        return chosen + [name for name in self.optional_equipment if name in available]

    def missing_equipment(self, available: frozenset[str]) -> list[str]:
        """Needed items the patient lacks, alternatives written as "a or b"."""
        missing = []
        for item in self.equipment:
            options = [item] if isinstance(item, str) else item
            if not any(name in available for name in options):
                missing.append(" or ".join(options))
        return missing
