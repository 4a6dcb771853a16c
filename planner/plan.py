"""The weekly plan (output contract ``osteoplan/plan-v1``) and its explanation.

``Plan.model_dump(mode="json")`` is exactly the plan-v1 JSON of DESIGN.md. The explanation a
physiotherapist reads (why each rule fired, what could not be met, what was assumed) rides along on
``Plan.explanation`` and is left out of that JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.profile.adjust import Adjustments
from planner.vocabulary import (
    Ability,
    Approach,
    BoneStatus,
    Cause,
    Component,
    FallRisk,
    Phase,
    Position,
    RedFlag,
    Sex,
    Site,
    Treatment,
)

PLAN_SCHEMA: Final = "osteoplan/plan-v1"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlannedDose(_Out):
    sets: int | None
    reps: int | None
    hold_s: int | None
    minutes: int | None
    load: str | None
    continuous: bool = False
    frequency: str | None = None


class PlannedExercise(_Out):
    slug: str
    name: str
    component: Component
    position: Position
    region: list[str]
    ability: list[str]
    equipment: list[str]
    tags: dict[str, Any]
    dose: PlannedDose
    minutes: int = Field(description="the time it takes on the day, both sides and rests included")
    why: list[str] = Field(description="ids of the fired rules this exercise helps satisfy")


class Session(_Out):
    component: Component
    minutes: int
    exercises: list[PlannedExercise]


class Day(_Out):
    day: int
    weekday: str
    sessions: list[Session]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)


class Week(_Out):
    week: int
    phase: Phase
    days: list[Day]


class RulesetRef(_Out):
    version: str
    sha256: str


class PlanWarning(_Out):
    code: str
    text: str
    rules: list[str]


class ExclusionReason(_Out):
    """One rule's reason for leaving an exercise out."""

    rule: str
    reason: str


class ExcludedExercise(_Out):
    slug: str
    rules: list[str]
    reason: str = Field(description="every reason in one line (the plan-v1 contract)")
    reasons: list[ExclusionReason] = Field(description="each rule with its own reason")


class FiredRule(_Out):
    id: str
    title: str
    sources: list[str]


class SupervisionNeed(_Out):
    required: bool
    rules: list[str]


class UnmetRequirement(_Out):
    """A requirement the plan could not satisfy: what was required, what was found, and why."""

    rule: str
    label: str = Field(description="the requirement in a few words")
    required: str = Field(description="what the rule asks for, e.g. 'on 7 days a week'")
    found: str = Field(description="what the plan holds instead, e.g. 'on 5 days'")
    reason: str
    accepted: str | None = Field(
        None, description="the clinician's reason for accepting it, when adjustments caused it"
    )


class AppliedAdjustment(_Out):
    """One adjustment of the physiotherapist's, with its reason and what it did to the plan."""

    kind: Literal["drop", "swap", "add", "hold", "rest_days", "minutes_per_day", "start_on"]
    exercise: str | None = Field(None, description="the exercise adjusted")
    replacement: str | None = Field(None, description="a swap's new exercise")
    reason: str | None = Field(None, description="the clinician's reason")
    effect: str = Field(description="what it did, in a clinician's words")
    rules: list[str] = Field(description="the rules whose requirements it touched")


class Programme(_Out):
    """Where a plan stands in the 12-month programme of 12-week blocks (guidance 12.4)."""

    block: int = Field(1, ge=1, description="the block's number, from 1")
    week: int = Field(1, ge=1, description="the programme week of the block's first day")
    ramp_from: int | None = Field(
        None, description="the programme week the balance-minute ramp began (12.0 item 1)"
    )
    rungs: dict[str, tuple[int, int, int]] = Field(
        default_factory=dict,
        description="exercises whose phases stand on other rungs of their dose ladder (0 the "
        "start, 1 halfway, 2 the target) than 0, 1 and 2",
    )

    @property
    def maintenance(self) -> bool:
        """From programme week 25 on (R-REV-19)."""
        return self.week >= 25


class ReviewChange(_Out):
    """What the review decided for one exercise, and why."""

    slug: str
    change: Literal["progress", "hold", "step_back", "new", "dropped"]
    replacement: str | None = Field(None, description="the entry that replaces it, if any")
    rules: list[str]
    because: list[str] = Field(description="the facts that decided it, in a clinician's words")
    support: Literal["two_hands", "one_hand", "fingertips"] | None = Field(
        None,
        description="a balance exercise's hand support for this block, when the review set it "
        "(R-REV-11); it applies to the replacement, if any",
    )


class ReviewRecord(_Out):
    """The review visit behind a plan: its date and kind, and what changed and why."""

    visit_date: dt.date
    kind: Literal["in_person", "phone"]
    previous_block: int
    rules_fired: list[str]
    changes: list[ReviewChange]
    notes: list[str]


class ChoiceNote(_Out):
    """Why an exercise is in the plan: the requirements it satisfies."""

    slug: str
    reasons: list[str]


class LeftOut(_Out):
    """An exercise no rule excludes that is not in the plan, and why."""

    slug: str
    reason: str


class Explanation(_Out):
    """What a physiotherapist needs to trust the plan; not part of the plan-v1 JSON."""

    fall_risk_reasons: list[str] = Field(default_factory=list)
    because: dict[str, list[str]] = Field(default_factory=dict)
    rationale: dict[str, str] = Field(default_factory=dict)
    chosen: list[ChoiceNote] = Field(default_factory=list)
    left_out: list[LeftOut] = Field(default_factory=list)
    lifted: list[str] = Field(default_factory=list)
    caps: dict[str, str] = Field(default_factory=dict)
    suppressed: dict[str, list[str]] = Field(default_factory=dict)
    never_do: list[tuple[str, list[str]]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    day_budget_minutes: int = 0


class PlanFracture(_Out):
    """A fracture as the plan read it: its age in weeks worked out, its approach assumed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site: Site
    weeks_since: float = Field(description="weeks on the day of assessment, to 2 decimals")
    date: dt.date | None
    cause: Cause
    treatment: Treatment
    approach: Approach | None = Field(
        description="an arthroplasty's approach, 'unknown' if not recorded; None otherwise"
    )
    cleared: bool
    in_cast: bool
    count: int

    def dated(self, assessed_on: dt.date) -> dt.date:
        """The fracture's date, given or counted back from the assessment of ``assessed_on``."""
        return self.date or assessed_on - dt.timedelta(days=round(self.weeks_since * 7))


class PlanProfile(_Out):
    """The profile the plan was made for, normalised: every field of the input profile, in its
    order, with the equipment at hand (the household basics less ``lacks``, and the equipment
    listed) and each fracture as :class:`PlanFracture`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None
    name: str | None
    age: int
    sex: Sex | None
    assessed_on: dt.date
    bone_status: BoneStatus
    t_score: float | None
    fractures: tuple[PlanFracture, ...]
    prior_fractures: int
    falls_12m: int
    injurious_fall_12m: bool
    long_lie_12m: bool
    syncope_suspected: bool
    unsteady: bool
    fear_of_falling: bool
    tug_s: float | None
    chair_stands: int | None = None
    balance_stage: int | None = None
    one_leg_s: float | None = None
    fall_risk: FallRisk | None
    ability: Ability
    back_pain: int | None
    kyphosis: bool
    red_flags: tuple[RedFlag, ...]
    supervision_available: bool
    note: str | None
    equipment: tuple[str, ...]
    lacks: tuple[str, ...]
    preset: str | None
    adjust: Adjustments = Field(description="the adjustments, the preset's included")


class Plan(_Out):
    schema_: Literal["osteoplan/plan-v1"] = Field(PLAN_SCHEMA, alias="schema")
    ruleset: RulesetRef
    profile: PlanProfile
    fall_risk: FallRisk
    start_date: dt.date
    review_date: dt.date | None
    weeks: list[Week]
    warnings: list[PlanWarning]
    excluded: list[ExcludedExercise]
    rules_fired: list[FiredRule]
    supervision: SupervisionNeed
    unmet: list[UnmetRequirement] = Field(
        description="every requirement the plan could not meet; empty when all are met"
    )
    adjustments: list[AppliedAdjustment] = Field(
        default_factory=list, description="the physiotherapist's adjustments and their effects"
    )
    programme: Programme = Field(
        default_factory=Programme, description="the block and programme week of this plan"
    )
    review: ReviewRecord | None = Field(None, description="the review visit behind this plan")
    explanation: Explanation = Field(
        default_factory=Explanation, exclude=True, description="empty on a plan read back"
    )

    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)

    def exercises(self) -> list[PlannedExercise]:
        """Each distinct exercise of the plan once, in order of first appearance."""
        seen: dict[str, PlannedExercise] = {}
        for week in self.weeks[:1]:
            for day in week.days:
                for session in day.sessions:
                    for ex in session.exercises:
                        seen.setdefault(ex.slug, ex)
        return list(seen.values())

    def to_json(self) -> str:
        """The plan-v1 JSON text, stable key order and formatting."""
        return self.model_dump_json(indent=2) + "\n"
