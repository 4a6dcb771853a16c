"""What a rule does when it fires: its effects, each a mapping recognised by its key.

``exclude`` leaves exercises out, ``cap`` limits impact, aerobic intensity or balance challenge,
``require`` asks for days (and stated minutes) of matching exercise, ``warn`` and
``suppress_warnings`` set the handout's warnings, ``supervision`` asks for a supervisor,
``suspend_requirements`` and ``stop_programme`` serve red flags. Any effect may carry its own
``when``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag, model_validator

from planner.rulebook.conditions import Condition
from planner.rulebook.files import WarningCode
from planner.rulebook.matches import ExerciseMatch
from planner.rulebook.nodes import Node, tag_by_key
from planner.vocabulary import AerobicLevel, ImpactLevel, LevelTag, Phase


class _Effect(Node):
    """An effect; with ``when``, it applies only while that also holds."""

    when: Condition | None = None


class Exclude(_Effect):
    """Leave out every exercise the match selects."""

    exclude: ExerciseMatch
    reason: str | None = Field(None, description="why, for the clinician; default from the match")
    never_do: str | None = Field(None, description="the same rule in a patient's words")


class CapLevels(Node):
    """The highest level allowed for each safety level tag given."""

    impact: ImpactLevel | None = None
    aerobic_intensity: AerobicLevel | None = None
    balance_challenge: ImpactLevel | None = None

    @model_validator(mode="after")
    def _one_level(self) -> CapLevels:
        if not self.model_dump(exclude_none=True):
            raise ValueError("a cap names impact, aerobic_intensity or balance_challenge")
        return self

    def items(self) -> list[tuple[LevelTag, str]]:
        """The levels given, as (tag, level) pairs in field order."""
        levels: list[tuple[LevelTag, str | None]] = [
            ("impact", self.impact),
            ("aerobic_intensity", self.aerobic_intensity),
            ("balance_challenge", self.balance_challenge),
        ]
        return [(tag, level) for tag, level in levels if level is not None]


class Cap(_Effect):
    """No exercise above this level (the lowest cap of all fired rules wins)."""

    cap: CapLevels
    never_do: str | None = None


class PhaseMinutes(Node):
    """Minutes a week for each phase of the plan (weeks 1-4, 5-8, 9 onward)."""

    foundation: int = Field(ge=1, le=1000)
    build: int = Field(ge=1, le=1000)
    progress: int = Field(ge=1, le=1000)

    def at(self, phase: Phase) -> int:
        return int(getattr(self, phase))


class Spread(Node):
    """Once a week's minutes pass ``above_minutes``, they fall on at least ``days`` days."""

    above_minutes: int = Field(ge=0)
    days: int = Field(ge=1, le=7)


class Requirement(Node):
    """At least ``days`` days of the week hold an exercise that matches.

    With ``minutes``, the exercises that match also add up, over the week, to at least that many
    of the minutes their doses state (guidance 10.0 item 11), spread as ``spread`` says.
    """

    days: int = Field(ge=1, le=7)
    match: ExerciseMatch
    or_else: ExerciseMatch | None = Field(
        None, description="what counts instead when nothing permitted can meet `match`"
    )
    minutes: PhaseMinutes | None = Field(None, description="stated minutes a week, by phase")
    spread: Spread | None = None
    label: str = Field(description="what is required, in a few words")

    @model_validator(mode="after")
    def _minutes_name_one_component(self) -> Requirement:
        if self.minutes is not None and len(self.match.component or ()) != 1:
            raise ValueError("a minutes requirement matches exactly one component")
        if self.spread is not None and self.minutes is None:
            raise ValueError("spread goes with minutes")
        return self


class Require(_Effect):
    """Keep a requirement in the plan unless a rule in ``waived_by`` fired."""

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
    """Ask for a supervisor (only if the plan holds a matching exercise, with if_planned)."""

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
