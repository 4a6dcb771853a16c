"""The rule file format: a rule is a condition, its effects, a rationale and its sources.

::

    rules:
      - id: R-WR-1
        title: Wrist fracture under 6 weeks or in a cast
        when: {any: [{fracture: {site: [wrist], weeks_under: 6}}, ...]}
        then:
          - exclude: {tag: [wrist_wb, upper_limb_wb, hand_load]}
            never_do: No weight through your injured wrist until your fracture clinic says so.
          - cap: {impact: low}
          - require: {days: 5, match: {slug: [finger_and_wrist_rom]}, label: finger exercises}
          - warn: W_CAST_CARE
          - warn: W_SURGEON_CLEARANCE
            when: {fracture: {site: [wrist], treatment: [fixation]}}
        rationale: ...
        sources: [NHS-wrist, ROS-wrist]

Each effect is a mapping recognised by its key (exclude, cap, require, warn, suppress_warnings,
supervision, suspend_requirements, stop_programme) and may carry its own ``when``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from planner.conditions import Condition, ExerciseMatch, tag_by_key
from planner.vocabulary import AerobicLevel, ImpactLevel, LevelTag

RuleId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
WarningCode = Annotated[str, Field(pattern=r"^W_[A-Z0-9_]+$")]


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Effect(_Node):
    when: Condition | None = None


class Exclude(_Effect):
    """Leave out every exercise the match selects."""

    exclude: ExerciseMatch
    reason: str | None = Field(None, description="why, for the clinician; default from the match")
    never_do: str | None = Field(None, description="the same rule in a patient's words")


class CapLevels(_Node):
    impact: ImpactLevel | None = None
    aerobic_intensity: AerobicLevel | None = None
    balance_challenge: ImpactLevel | None = None

    @model_validator(mode="after")
    def _one_level(self) -> CapLevels:
        if not self.model_dump(exclude_none=True):
            raise ValueError("a cap names impact, aerobic_intensity or balance_challenge")
        return self

    def items(self) -> list[tuple[LevelTag, str]]:
        return [(tag, level) for tag, level in self.model_dump(exclude_none=True).items()]


class Cap(_Effect):
    """No exercise above this level (the lowest cap of all fired rules wins)."""

    cap: CapLevels
    never_do: str | None = None


class Requirement(_Node):
    """At least ``days`` days of the week hold an exercise that matches."""

    days: int = Field(ge=1, le=7)
    match: ExerciseMatch
    or_else: ExerciseMatch | None = Field(
        None, description="what counts instead when nothing permitted can meet `match`"
    )
    label: str = Field(description="what is required, in a few words")


class Require(_Effect):
    require: Requirement
    waived_by: list[str] = Field(
        default_factory=list, description="rule ids that, when fired, lift this requirement"
    )


class Warn(_Effect):
    """Put a warning on the plan (only if the plan holds a matching exercise, with if_planned)."""

    warn: WarningCode
    if_planned: ExerciseMatch | None = None


class SuppressWarnings(_Effect):
    """Do not print these warnings (used where a restriction has been formally lifted)."""

    suppress_warnings: list[WarningCode] = Field(min_length=1)


class Supervision(_Effect):
    supervision: Literal[True]
    if_planned: ExerciseMatch | None = None


class SuspendRequirements(_Effect):
    """Lift every other rule's minimum counts (red flags)."""

    suspend_requirements: Literal[True]


class StopProgramme(_Effect):
    """No exercise at all until reviewed: the plan has no weeks."""

    stop_programme: Literal[True]


_EFFECT_KEYS = {
    "exclude": "~exclude",
    "cap": "~cap",
    "require": "~require",
    "warn": "~warn",
    "suppress_warnings": "~suppress_warnings",
    "supervision": "~supervision",
    "suspend_requirements": "~suspend_requirements",
    "stop_programme": "~stop_programme",
}


def _effect_tag(value: Any) -> str | None:
    return tag_by_key(value, _EFFECT_KEYS)


Effect = Annotated[
    Union[  # noqa: UP007 (pydantic needs the Union form for tagged members)
        Annotated[Exclude, Tag("~exclude")],
        Annotated[Cap, Tag("~cap")],
        Annotated[Require, Tag("~require")],
        Annotated[Warn, Tag("~warn")],
        Annotated[SuppressWarnings, Tag("~suppress_warnings")],
        Annotated[Supervision, Tag("~supervision")],
        Annotated[SuspendRequirements, Tag("~suspend_requirements")],
        Annotated[StopProgramme, Tag("~stop_programme")],
    ],
    Discriminator(
        _effect_tag,
        custom_error_type="effect",
        custom_error_message=(
            "an effect is a mapping with exactly one of: exclude, cap, require, warn, "
            "suppress_warnings, supervision, suspend_requirements, stop_programme"
        ),
    ),
]


class Rule(_Node):
    """One clinical rule: when its condition holds, its effects apply."""

    id: RuleId
    title: str
    when: Condition | None = Field(None, description="omit for a rule that always applies")
    then: list[Effect] = Field(min_length=1)
    rationale: str
    sources: list[str] = Field(min_length=1, description="keys of rules/sources.yaml")
    notes: str | None = None


class RuleFile(_Node):
    rules: list[Rule] = Field(min_length=1)


class WarningText(_Node):
    """A warning code's wording for the handout."""

    title: str
    text: str = Field(description="what the patient reads, in plain words")
    kind: Literal["stop", "advice"] = Field(
        description="stop: a 'stop and get help if' item; advice: everything else"
    )
    sources: list[str] = Field(min_length=1)


class WarningFile(_Node):
    warnings: dict[WarningCode, WarningText]


class Source(_Node):
    citation: str
    url: str | None = None
    tier: Literal["guideline", "trial", "protocol", "patient-information", "seed", "other"]


class SourceFile(_Node):
    sources: dict[str, Source]


class EquipmentFile(_Node):
    household: list[str]
    on_request: list[str]
    labels: dict[str, str]

    @model_validator(mode="after")
    def _labels_complete(self) -> EquipmentFile:
        names = set(self.household) | set(self.on_request)
        missing = sorted(names - set(self.labels))
        extra = sorted(set(self.labels) - names)
        if missing or extra:
            raise ValueError(
                f"labels must cover exactly the vocabulary: missing {missing}, extra {extra}"
            )
        return self


class RulesetInfo(_Node):
    name: str
    version: str
    description: str | None = None
