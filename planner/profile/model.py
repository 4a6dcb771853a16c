"""The patient profile (input contract, version 3): validation, reading, and derived grades.

First stage of the pipeline. A profile comes from a YAML or JSON file, from CLI flags or from a
CSV row; all three end in :class:`Profile`, a frozen pydantic model that rejects unknown fields.
This module also derives what the rules need from the raw facts: each fracture's age in weeks on
``assessed_on``, the equipment at hand and the falls-risk grade of guidance.md section 4.8.

Version 2 (from version 1): ``equipment`` adds to the household basics instead of replacing
them, and ``lacks`` names the household basics a patient does not have. Version 3 adds the
physiotherapist's ``adjust`` section and a clinic's ``preset`` (:mod:`planner.profile.adjust`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from planner.errors import Problem, ProfileError, suggest
from planner.profile.adjust import Adjustments, PresetName, overlay, start_problem
from planner.profile.cutoffs import past_cutoffs
from planner.profile.values import SYNONYMS, Date, equipment_name
from planner.profile.words import site_word, time_ago
from planner.vocabulary import (
    FALL_RISKS,
    Ability,
    Approach,
    BoneStatus,
    Cause,
    FallRisk,
    RedFlag,
    Sex,
    Site,
    Treatment,
)
from planner.yamlfile import (
    SourceDoc,
    loc_text,
    located_error,
    read_source,
    validation_problems,
)

WEEKS_PER_YEAR = 52
_PATIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _check_patient_id(value: str) -> str:
    if not _PATIENT_ID.fullmatch(value):
        raise ValueError("use 1 to 64 letters, digits, '.', '_' or '-' (no spaces or slashes)")
    return value


PatientId = Annotated[
    str, StringConstraints(strip_whitespace=True), AfterValidator(_check_patient_id)
]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class Fracture(_Strict):
    """One fragility fracture that matters to the plan, recent or old."""

    site: Site = Field(description="where the bone broke")
    weeks_since: float | None = Field(
        None, ge=0, le=5200, description="weeks since the fracture or its operation"
    )
    date: Date | None = Field(None, description="date of the fracture or operation")
    cause: Cause = Field("unknown", description="cause of the fracture")
    treatment: Treatment = Field("conservative", description="how the fracture was treated")
    approach: Approach | None = Field(
        None, description="surgical approach of a hip arthroplasty (posterior, anterior, ...)"
    )
    cleared: bool = Field(
        False, description="restrictions lifted by surgeon, fracture clinic or physiotherapist"
    )
    in_cast: bool = Field(False, description="cast, splint or sling still on")
    count: int = Field(1, ge=1, le=30, description="vertebral fractures in this entry")

    @model_validator(mode="after")
    def _check_consistency(self) -> Fracture:
        if (self.weeks_since is None) == (self.date is None):
            raise ValueError(
                "give exactly one of weeks_since or date (when the fracture or operation was)"
            )
        if self.approach is not None and self.treatment != "arthroplasty":
            raise ValueError(
                "approach applies only to treatment: arthroplasty; remove it or fix the treatment"
            )
        if self.count > 1 and self.site != "vertebral":
            raise ValueError("count applies to vertebral fractures; list other fractures one each")
        return self

    @property
    def approach_assumed(self) -> bool:
        """An arthroplasty whose approach was not recorded (treated as unknown)."""
        return self.treatment == "arthroplasty" and self.approach is None

    @property
    def effective_approach(self) -> Approach | None:
        if self.treatment != "arthroplasty":
            return None
        return self.approach or "unknown"


class Profile(_Strict):
    """A patient profile, version 3 (README "The profile")."""

    id: PatientId | None = Field(None, description="identifier; names output files in a batch")
    name: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        None, description="printed on the handout only, never logged"
    )
    age: int = Field(ge=18, le=120, description="age in years")
    sex: Sex | None = Field(None, description="sex")
    assessed_on: Date = Field(
        default_factory=dt.date.today, description="date of assessment (default today)"
    )
    bone_status: BoneStatus = Field("unknown", description="bone density category")
    t_score: float | None = Field(None, ge=-10, le=5, description="T-score")
    fractures: tuple[Fracture, ...] = Field((), description="fragility fractures that matter")
    prior_fractures: int = Field(0, ge=0, le=100, description="earlier fractures not listed")
    falls_12m: int = Field(0, ge=0, le=365, description="falls in the last 12 months")
    injurious_fall_12m: bool = Field(False, description="an injurious fall in the last 12 months")
    long_lie_12m: bool = Field(False, description="a long lie after a fall")
    syncope_suspected: bool = Field(False, description="suspected syncope")
    unsteady: bool = Field(False, description="feels unsteady")
    fear_of_falling: bool = Field(False, description="worries about falling")
    tug_s: float | None = Field(None, ge=1, le=600, description="Timed Up and Go, seconds")
    chair_stands: int | None = Field(
        None, ge=0, le=60, description="30-second chair stand: full stands, arms crossed"
    )
    balance_stage: int | None = Field(
        None, ge=0, le=4, description="4-stage balance test: the last stage held 10 s (0: none)"
    )
    one_leg_s: float | None = Field(None, ge=0, le=600, description="single-leg stance, seconds")
    fall_risk: FallRisk | None = Field(None, description="a clinician's grade, if given")
    ability: Ability = Field(description="functional ability")
    back_pain: int | None = Field(None, ge=0, le=10, description="back pain 0-10")
    kyphosis: bool = Field(False, description="hyperkyphosis")
    red_flags: tuple[RedFlag, ...] = Field((), description="red flags reported")
    supervision_available: bool = Field(False, description="a physiotherapist can supervise")
    note: Annotated[str, StringConstraints(max_length=600)] | None = Field(
        None, description="a short note to the patient, printed in their booklet only, never logged"
    )
    equipment: tuple[str, ...] | None = Field(
        None, description="equipment at hand besides the household basics"
    )
    lacks: tuple[str, ...] = Field((), description="household basics the patient does not have")
    preset: PresetName | None = Field(
        None, description="a named set of adjustments from the clinic file"
    )
    adjust: Adjustments = Field(
        default_factory=Adjustments, description="the physiotherapist's adjustments"
    )

    @field_validator("equipment", "lacks", mode="before")
    @classmethod
    def _normalise_equipment(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return tuple(equipment_name(v) for v in value)
        return value

    @field_validator("red_flags", mode="before")
    @classmethod
    def _sorted_flags(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(sorted(set(value)))
        return value

    @model_validator(mode="after")
    def _check_dates(self) -> Profile:
        for i, fracture in enumerate(self.fractures):
            if fracture.date is not None and fracture.date > self.assessed_on:
                raise located_error(
                    "is after assessed_on (the date of assessment); check both dates",
                    ("fractures", i, "date"),
                )
        return self

    @model_validator(mode="after")
    def _check_adjust(self) -> Profile:
        start = self.adjust.start_on
        if start is not None and (problem := start_problem(start, self.assessed_on)):
            raise located_error(problem, ("adjust", "start_on"))
        if self.note and self.adjust.note:
            raise located_error(
                "the patient's note is given twice (note and adjust.note); keep one",
                ("adjust", "note"),
            )
        return self

    @property
    def patient_note(self) -> str | None:
        """The note printed for the patient, from ``note`` or ``adjust.note``."""
        return self.note or self.adjust.note

    @model_validator(mode="after")
    def _check_lacks(self) -> Profile:
        both = set(self.equipment or ()) & set(self.lacks)
        for i, name in enumerate(self.lacks):
            if name in both:
                raise located_error(
                    "is also listed under equipment; keep it in one of the two", ("lacks", i)
                )
        return self

    def equipment_at_hand(self, household: Collection[str]) -> frozenset[str]:
        """What the patient has: the household basics, less what they lack, and the equipment
        listed."""
        return (frozenset(household) - set(self.lacks)) | set(self.equipment or ())

    # --- derived values -------------------------------------------------------------------

    def weeks_since(self, fracture: Fracture) -> float:
        """Exact weeks from the fracture (or its operation) to ``assessed_on``."""
        if fracture.weeks_since is not None:
            return fracture.weeks_since
        assert fracture.date is not None  # guaranteed by Fracture's validator
        return (self.assessed_on - fracture.date).days / 7

    def fracture_date(self, fracture: Fracture) -> dt.date:
        """The date of the fracture, given or counted back from ``assessed_on``."""
        if fracture.date is not None:
            return fracture.date
        return self.assessed_on - dt.timedelta(days=round(self.weeks_since(fracture) * 7))

    @property
    def notes(self) -> list[str]:
        """Assumptions made while reading the profile, for the clinician (no patient text)."""
        notes = [
            f"fracture {i + 1} ({site_word(f.site)} replacement): approach not given: treated as "
            "unknown, so every hip precaution applies; record the approach from the operation note"
            for i, f in enumerate(self.fractures)
            if f.approach_assumed
        ]
        derived, reasons = self.derived_fall_risk()
        given = self.fall_risk
        if given is not None and FALL_RISKS.index(given) < FALL_RISKS.index(derived):
            notes.append(
                f"falls risk: you gave {given}; the facts give {derived} because "
                f"{'; '.join(reasons)}, and the higher applies (guidance 4.8)"
            )
        return notes

    def derived_fall_risk(self) -> tuple[FallRisk, list[str]]:
        """The falls-risk grade of guidance.md 4.8 from the facts, with the reasons for it in
        plain clinical words (e.g. "the wrist fracture 5 weeks ago was caused by a fall"); a
        re-test past its cut-off counts as the TUG does (R-REV-16)."""
        high: list[str] = []
        for f in self.fractures:
            weeks = self.weeks_since(f)
            if f.cause == "fall" and weeks <= WEEKS_PER_YEAR:
                high.append(
                    f"the {site_word(f.site)} fracture {time_ago(weeks)} was caused by a fall"
                )
        if self.injurious_fall_12m:
            high.append("an injurious fall in the last 12 months")
        if self.falls_12m >= 2:
            high.append(f"{self.falls_12m} falls in the last 12 months")
        if self.long_lie_12m:
            high.append("a long lie (on the floor for an hour or more) after a fall")
        if self.syncope_suspected:
            high.append("suspected syncope")
        if self.ability == "frail":
            high.append("frail")
        if high:
            return "high", high
        intermediate: list[str] = []
        if self.falls_12m == 1:
            intermediate.append("one fall in the last 12 months")
        if self.unsteady:
            intermediate.append("feels unsteady")
        if self.fear_of_falling:
            intermediate.append("worried about falling")
        intermediate += past_cutoffs(self, self.age, self.sex)  # the TUG and the re-tests
        if intermediate:
            return "intermediate", intermediate
        return "low", []

    def effective_fall_risk(self) -> tuple[FallRisk, list[str]]:
        """The higher of the given grade and the derived one, with the reasons."""
        derived, reasons = self.derived_fall_risk()
        given = self.fall_risk
        if given is not None and FALL_RISKS.index(given) > FALL_RISKS.index(derived):
            return given, [
                f"graded {given} by the clinician (the recorded facts alone give {derived})"
            ]
        return derived, reasons


@dataclass(frozen=True)
class EquipmentNames:
    """The equipment a rulebook knows: its household basics and every name."""

    household: frozenset[str]
    vocabulary: frozenset[str]


def equipment_problems(
    profile: Profile, names: EquipmentNames, doc: SourceDoc | None = None
) -> list[Problem]:
    """Equipment the rulebook does not know, and lacks that are no household basics; each
    problem names its field and line, with a did-you-mean, never the name given."""
    problems = []
    lists = (
        ("equipment", profile.equipment or (), names.vocabulary, "unknown equipment"),
        ("lacks", profile.lacks, names.household, "not one of the household basics"),
    )
    for key, given, known, message in lists:
        for i, name in enumerate(given):
            if name in known:
                continue
            meant = SYNONYMS.get(name)
            problems.append(
                Problem(
                    f"{message}; see 'osteoplan exercises --equipment'",
                    path=doc.path if doc else None,
                    line=doc.line_of((key, i)) if doc else None,
                    field=loc_text((key, i)),
                    suggestion=meant if meant in known else suggest(name, known),
                )
            )
    return problems


def profile_from_data(
    data: Any,
    doc: SourceDoc | None = None,
    *,
    row: int | None = None,
    equipment: EquipmentNames | None = None,
) -> Profile:
    """Validate already-parsed profile data; errors name each field (and line or row).

    With ``equipment``, the equipment names are checked against the rulebook's too.
    """
    where = {"path": doc.path} if doc else {}
    if not isinstance(data, dict):
        raise ProfileError.single(
            "a profile must be a mapping of fields (age: 74, ability: limited, ...)",
            row=row,
            **where,
        )
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(
            problems=validation_problems(exc, doc, model=Profile, row=row, synonyms=SYNONYMS),
            summary="The profile is not valid:",
        ) from None
    problems = equipment_problems(profile, equipment, doc) if equipment else []
    if problems:
        for problem in problems:
            problem.row = row
        raise ProfileError(
            problems=problems,
            summary="Equipment must come from the list shown by 'osteoplan exercises --equipment':",
        )
    return profile


def load_profile(
    path: Path,
    overrides: dict[str, Any] | None = None,
    *,
    equipment: EquipmentNames | None = None,
) -> Profile:
    """Read a profile from a YAML or JSON file, with ``overrides`` laid over its fields."""
    doc = read_source(path, ProfileError)
    data = doc.data
    if overrides and isinstance(data, dict):
        data = overlay(data, overrides)
    return profile_from_data(data, doc, equipment=equipment)
