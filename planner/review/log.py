"""The patient's log (guidance 12.5): the plan it belongs to and what happened each day.

A log names its plan (block number, start and review dates) and holds a line per day: each
component planned that day done or not (with a reason letter: I ill, H hospital, P pain, T no
time, O other); pain during or just after exercise (0-10, sharp or not, where, the exercise that
caused it); pain that morning (0-10); a fall; a short note for the clinician (never logged, never
in a message); and, optionally, per exercise: repetitions in the last set and effort (0-10), the
balance support used, impacts, walking minutes. :func:`read_log` reads it from YAML or JSON, or
from a CSV of one row per day (:mod:`planner.review.log_csv`); :mod:`planner.review.log_summary`
says what it tells a review.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from planner.errors import SourceError
from planner.plan import Plan
from planner.profile.values import Date
from planner.vocabulary import COMPONENTS, Component
from planner.yamlfile import located_error, read_source, validation_problems

Reason = Literal["I", "H", "P", "T", "O"]
#: Why a session was not done, by the letter the patient writes.
REASONS: dict[Reason, str] = {
    "I": "ill",
    "H": "in hospital",
    "P": "pain",
    "T": "no time",
    "O": "another reason",
}
PainSite = Literal["muscle", "joint", "back", "fracture_site"]
Support = Literal["two_hands", "one_hand", "fingertips"]
PainBand = Literal["expected", "hold", "step_back"]
BANDS: tuple[PainBand, ...] = ("expected", "hold", "step_back")  # least cautious first
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Score = Annotated[int, Field(ge=0, le=10)]
#: The longest note (a few words for the clinician) and the most days in one log.
MAX_NOTE = 300
MAX_DAYS = 400
_DONE_WORDS = frozenset({"y", "yes", "done", "tick", "ticked", "true", "1", "\u2713", "\u2714"})
_NOT_DONE_WORDS = frozenset({"n", "no", "x", "cross", "not done", "false", "0", "\u2717", "\u2718"})
_NOT_DONE_WITH_REASON = re.compile(r"^(?:n|no|x|\u2717|\u2718)?\s*([ihpto])$", re.IGNORECASE)
_TICK_HELP = (
    "write y (done), n (not done) or, for a session not done, its reason letter: "
    + ", ".join(f"{k} {v}" for k, v in REASONS.items())
)


def _name(value: Any) -> Any:
    """A vocabulary word as people write it: ``Fracture site`` -> ``fracture_site``."""
    return (
        value.strip().lower().replace(" ", "_").replace("-", "_")
        if isinstance(value, str)
        else value
    )


Name = BeforeValidator(_name)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Tick(_Record):
    """One component's session of one day: done, or not done with an optional reason.

    Also written ``y``, ``n``, a reason letter (``I``: not done, ill), ``x I``, or yes/no."""

    done: bool
    reason: Reason | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return {"done": value}
        if not isinstance(value, str):
            return value
        text = " ".join(value.split()).lower()
        if text in _DONE_WORDS:
            return {"done": True}
        if text in _NOT_DONE_WORDS:
            return {"done": False}
        found = _NOT_DONE_WITH_REASON.fullmatch(text)
        if found:
            return {"done": False, "reason": found.group(1).upper()}
        raise ValueError(_TICK_HELP)

    @model_validator(mode="after")
    def _reason_only_when_not_done(self) -> Tick:
        if self.done and self.reason is not None:
            raise ValueError("a reason is given only for a session not done")
        return self


class Sessions(_Record):
    """The day's session of each component planned, as ticked (a component not given: no mark)."""

    impact: Tick | None = None
    aerobic: Tick | None = None
    resistance: Tick | None = None
    posture: Tick | None = None
    balance: Tick | None = None
    mobility: Tick | None = None

    def ticks(self) -> dict[Component, Tick]:
        """Each component marked, and its mark."""
        return {c: t for c in COMPONENTS if (t := getattr(self, c)) is not None}


class Pain(_Record):
    """Pain during or just after the day's exercise."""

    score: Score
    sharp: bool = False
    where: Annotated[PainSite, Name] | None = None
    exercise: Slug | None = Field(None, description="the exercise that caused it, if one did")


class Fall(_Record):
    """A fall that day (guidance 4.8 and 12.1)."""

    injurious: bool = Field(False, description="hurt, and needed a doctor or emergency care")
    long_lie: bool = Field(False, description="on the floor an hour or more, or could not get up")
    blacked_out: bool = False
    during: Slug | None = Field(None, description="the exercise it happened during")


class Extra(_Record):
    """What one exercise's session showed (all optional)."""

    reps: int | None = Field(None, ge=0, le=500, description="repetitions in the last set")
    effort: Score | None = None
    support: Annotated[Support, Name] | None = None
    impacts: int | None = Field(None, ge=0, le=1000)
    minutes: int | None = Field(None, ge=0, le=600, description="minutes walked")


class LogDay(_Record):
    """One day of the log."""

    date: Date
    sessions: Sessions = Sessions()
    pain: Pain | None = None
    morning_pain: Score | None = None
    fall: Fall | None = None
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE)] | None = None
    exercises: dict[Slug, Extra] = Field(default_factory=dict, max_length=100)

    @property
    def done(self) -> list[Component]:
        """The components ticked as done."""
        return [c for c, tick in self.sessions.ticks().items() if tick.done]


class LogPlan(_Record):
    """The plan a log belongs to, as printed on it."""

    block: int = Field(ge=1, le=100)
    start: Date
    review: Date

    @model_validator(mode="after")
    def _review_after_start(self) -> LogPlan:
        if self.review <= self.start:
            raise located_error("is not after the plan's start", ("review",))
        return self


class PatientLog(_Record):
    """A patient's log of one plan."""

    plan: LogPlan
    days: tuple[LogDay, ...] = Field(max_length=MAX_DAYS)

    @model_validator(mode="after")
    def _one_line_a_day_inside_the_plan(self) -> PatientLog:
        seen: set[dt.date] = set()
        for i, day in enumerate(self.days):
            if day.date < self.plan.start:
                raise located_error("is before the plan's start", ("days", i, "date"))
            if day.date in seen:
                raise located_error("repeats the date of an earlier day", ("days", i, "date"))
            seen.add(day.date)
        return self

    @cached_property
    def by_date(self) -> dict[dt.date, LogDay]:
        """The log's lines by their date."""
        return {d.date: d for d in self.days}

    def day(self, date: dt.date) -> LogDay | None:
        """The log's line for ``date``, if it has one."""
        return self.by_date.get(date)


def check_matches(log: PatientLog, plan: Plan, path: Path | str | None = None) -> None:
    """Refuse a log kept for another plan (its start or review date differs)."""
    if (log.plan.start, log.plan.review) != (plan.start_date, plan.review_date):
        raise SourceError.single(
            f"is the log of a plan from {log.plan.start} to its review on {log.plan.review}, "
            f"not of this plan (from {plan.start_date}, review {plan.review_date})",
            path=path,
            field="plan",
        )


#: The first line of every error about a log.
SUMMARY = "The log is not valid:"


def read_log(path: Path) -> PatientLog:
    """A log from a YAML, JSON or CSV (``.csv``) file; problems name the file, its line (a CSV's
    row) and the field."""
    if path.suffix.lower() == ".csv":
        from planner.review.log_csv import read_log_csv

        return read_log_csv(path)
    doc = read_source(path)
    if not isinstance(doc.data, dict):
        raise SourceError.single("a log is a mapping with 'plan' and 'days'", path=path)
    try:
        return PatientLog.model_validate(doc.data)
    except ValidationError as exc:
        problems = validation_problems(exc, doc, model=PatientLog)
        raise SourceError(problems=problems, summary=SUMMARY) from None
