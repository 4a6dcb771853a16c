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

from planner.rulebook.conditions import Condition, ExerciseMatch, tag_by_key
from planner.vocabulary import AerobicLevel, ImpactLevel, LevelTag, Phase

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


class PhaseMinutes(_Node):
    """Minutes a week for each phase of the plan (weeks 1-4, 5-8, 9 onward)."""

    foundation: int = Field(ge=1, le=1000)
    build: int = Field(ge=1, le=1000)
    progress: int = Field(ge=1, le=1000)

    def at(self, phase: Phase) -> int:
        return int(getattr(self, phase))


class Spread(_Node):
    """Once a week's minutes pass ``above_minutes``, they fall on at least ``days`` days."""

    above_minutes: int = Field(ge=0)
    days: int = Field(ge=1, le=7)


class Requirement(_Node):
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
    """One bibliography entry: the publication itself, never a copy of it on another site.

    ``authors`` may be an organisation (a guideline or patient page cited as that organisation's
    own); ``published_in`` is the journal, or the publisher or owner of the site; ``year`` must be
    given, ``null`` meaning the publication is undated. ``details`` holds volume(issue):pages, an
    article number or a date; ``note`` the part relied on (a table, a recommendation) or a
    companion document. ``citation`` prints it all in a Vancouver-like style::

        Authors. Title. Journal. Year;details. Note. doi:... PMID: ... Available from: url
    """

    authors: str = Field(pattern=r"\S")
    title: str = Field(pattern=r"\S")
    published_in: str = Field(pattern=r"\S", description="journal, or publisher / site owner")
    year: int | None = Field(ge=1900, le=2100, description="null when the publication is undated")
    details: str | None = Field(None, pattern=r"\S", description="volume(issue):pages, article no.")
    doi: str | None = Field(None, pattern=r"^10\.\d{4,9}/\S+$", description="without doi.org/")
    pmid: int | None = Field(None, ge=1, le=999_999_999)
    url: str | None = Field(None, pattern=r"^https?://\S+$", description="the publisher's own page")
    note: str | None = Field(None, pattern=r"\S")
    tier: Literal["guideline", "trial", "protocol", "patient-information", "seed", "other"]

    def citation_parts(self) -> list[tuple[str, str]]:
        """The citation piece by piece, as (field, text) pairs in print order."""

        def sentence(text: str) -> str:
            text = text.strip()
            ends_in_address = text.split()[-1].startswith(("http://", "https://"))
            return text if ends_in_address or text[-1] in ".?!" else text + "."

        when = "Undated" if self.year is None else str(self.year)
        if self.details:
            when += f";{self.details}" if self.year is not None else f"; {self.details}"
        parts = [("authors", sentence(self.authors)), ("title", sentence(self.title))]
        if self.published_in.strip().rstrip(".") != self.authors.strip().rstrip("."):
            parts.append(("published_in", sentence(self.published_in)))
        parts.append(("year", sentence(when)))
        if self.note:
            parts.append(("note", sentence(self.note)))
        if self.doi:
            parts.append(("doi", f"doi:{self.doi}."))
        if self.pmid is not None:
            parts.append(("pmid", f"PMID: {self.pmid}."))
        if self.url:
            parts.append(("url", f"Available from: {self.url}"))
        return parts

    @property
    def citation(self) -> str:
        """The whole entry as one line of text."""
        return " ".join(text for _, text in self.citation_parts())


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
