"""What a review visit records (guidance 12.1), as the clinician types it in.

The facts that come from the patient's log (sessions done, breaks, pain) may be given here as a
summary, or read from the log file itself; the per-exercise findings (the achieved rung, the top
of range, a fall during it) are the clinician's, from the log and from what the patient shows.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from planner.profile.model import Fracture
from planner.profile.values import Date
from planner.review.ladder import Support
from planner.review.retests import ReTests
from planner.vocabulary import Ability, Approach, Component, RedFlag

Achieved = Literal["none", "foundation", "build", "progress"]
PainBand = Literal["expected", "hold", "step_back"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fall(_Record):
    """One fall since the last visit (guidance 4.8 and 12.1)."""

    date: Date
    injurious: bool = Field(False, description="an injury needing a doctor or emergency care")
    long_lie: bool = Field(False, description="on the ground an hour or more, or could not get up")
    lost_consciousness: bool = False
    during: Slug | None = Field(None, description="the prescribed exercise it happened during")


class Clearance(_Record):
    """A fracture's restrictions lifted, or its cast, splint or sling off, with date and who."""

    fracture: int = Field(ge=1, le=20, description="the fracture's number in the profile, from 1")
    on: Date
    by: Literal["surgeon", "fracture_clinic", "physiotherapist"]
    cleared: bool = Field(True, description="restrictions lifted (partly lifted: false)")
    cast_off: bool = False
    approach: Approach | None = Field(None, description="an arthroplasty's approach, once known")


class Sessions(_Record):
    """One component's sessions over the last plan: done and planned (12.0 item 5)."""

    done: int = Field(ge=0, le=400)
    planned: int = Field(ge=0, le=400)

    @model_validator(mode="after")
    def _done_within_planned(self) -> Sessions:
        if self.done > self.planned:
            raise ValueError("done is more than planned")
        return self

    @property
    def adherence(self) -> float | None:
        return self.done / self.planned if self.planned else None


class ExerciseFindings(_Record):
    """The clinician's findings for one exercise of the last plan."""

    achieved: Achieved = Field(
        "foundation", description="the last phase whose dose was done with good form"
    )
    top_of_range: bool = Field(False, description="the whole dose at its upper end, good form")
    pain: PainBand | None = Field(None, description="the pain band, if not read from the log")
    support: Support | None = Field(
        None, description="a balance exercise: the hand support it was seen done with"
    )


class Changes(_Record):
    """Profile facts that changed since the last visit."""

    ability: Ability | None = None
    unsteady: bool | None = None
    fear_of_falling: bool | None = None
    supervision_available: bool | None = None
    back_pain: int | None = Field(None, ge=0, le=10)
    equipment: tuple[str, ...] | None = None
    lacks: tuple[str, ...] | None = None


class Visit(_Record):
    """A review visit: its date and kind, what happened since the last, what the clinician found."""

    visit_date: Date
    kind: Literal["in_person", "phone"] = "in_person"
    falls: tuple[Fall, ...] = Field((), max_length=100)
    new_fractures: tuple[Fracture, ...] = Field((), max_length=10)
    red_flags: tuple[RedFlag, ...] = ()
    red_flag_assessed: bool = Field(
        False, description="a doctor has assessed the red flag of the last visit"
    )
    clearances: tuple[Clearance, ...] = Field((), max_length=20)
    changes: Changes = Changes()
    sessions: dict[Component, Sessions] | None = Field(
        None, description="sessions done and planned per component, when no log is given"
    )
    longest_break_days: int | None = Field(None, ge=0, le=400)
    break_reason: Literal["illness", "hospital", "other"] | None = None
    exercises: dict[Slug, ExerciseFindings] = Field(default_factory=dict, max_length=100)
    retests: ReTests = ReTests()

    @model_validator(mode="after")
    def _in_person_tests(self) -> Visit:
        if self.kind == "phone" and self.retests.done:
            raise ValueError("re-tests are done at an in-person visit; a phone review has none")
        for fall in self.falls:
            if fall.date > self.visit_date:
                raise ValueError("a fall is dated after the visit")
        return self
