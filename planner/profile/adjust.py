"""A physiotherapist's adjustments to one patient's plan (the profile's ``adjust`` section).

Drop, swap, add and hold name library exercises; rest days, the daily budget and the start date
reshape the week; ``accept_unmet`` records why a requirement the adjustments leave unmet is
accepted. Each entry may be written in full (``{exercise: tai_chi, reason: no class nearby}``)
or as one line (``tai_chi: no class nearby``, ``brisk_walking=exercise_bike: knee pain``,
``sit_to_stand=foundation: sore``), which is also how CLI flags and CSV cells give them. Reasons
are the clinician's words: printed on the clinician's copy, never logged.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from planner.profile.values import Date
from planner.vocabulary import Phase

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_NAMES: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Longest reason or note kept (characters).
MAX_REASON = 200
#: Most entries in one list of adjustments.
MAX_ENTRIES = 40
#: Latest start, in days after the assessment.
MAX_START_DELAY_DAYS = 90

PresetName = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.-]{1,40}$")
]
SlugText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z][a-z0-9_]{0,63}$"),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_REASON)] | None
_LINE = re.compile(r"^\s*(?P<what>[^:]*?)\s*(?::\s*(?P<reason>.*))?$", re.DOTALL)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _split(value: Any, second: str | None) -> Any:
    """``"a=b: reason"`` as ``{"exercise": "a", second: "b", "reason": "reason"}``."""
    if not isinstance(value, str):
        return value
    match = _LINE.match(value)
    assert match is not None  # the pattern matches every string
    what, reason = match.group("what"), match.group("reason")
    out: dict[str, Any] = {"exercise": what}
    if second is not None:
        first, sep, other = what.partition("=")
        if not sep:
            raise ValueError(f"write it as EXERCISE={second.upper()}, e.g. 'sit_to_stand=...'")
        out = {"exercise": first.strip(), second: other.strip()}
    if reason:
        out["reason"] = reason
    return out


class _OneExercise(_Entry):
    """An adjustment naming one exercise: ``SLUG`` or ``SLUG: reason`` on a line."""

    exercise: SlugText
    reason: Reason = None

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, value: Any) -> Any:
        return _split(value, None)


class Drop(_OneExercise):
    """Leave an exercise out of this patient's plan."""


class Add(_OneExercise):
    """Put an exercise into this patient's plan, if every rule allows it."""


class Swap(_Entry):
    """Replace an exercise of the plan with another of the same kind that the rules allow."""

    exercise: SlugText
    for_: SlugText = Field(alias="for")
    reason: Reason = None

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, value: Any) -> Any:
        return _split(value, "for")


class Hold(_Entry):
    """Keep an exercise at one phase's dose: never more than the plan gives, often less."""

    exercise: SlugText
    phase: Phase
    reason: Reason = None

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, value: Any) -> Any:
        return _split(value, "phase")


class AcceptUnmet(_Entry):
    """The clinician accepts requirements the adjustments leave unmet, for this reason."""

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"reason": value} if isinstance(value, str) else value


class Adjustments(_Entry):
    """Everything a physiotherapist changed in one patient's plan, each with its reason."""

    start_on: Date | None = Field(
        None, description="the plan's first day (default: the Monday after assessment)"
    )
    rest_days: tuple[Weekday, ...] = Field((), description="days with no exercise (mon, tue, ...)")
    minutes_per_day: int | None = Field(
        None, ge=5, le=120, description="the daily time budget, within the ability's maximum"
    )
    drop: tuple[Drop, ...] = Field((), max_length=MAX_ENTRIES, description="exercises to leave out")
    swap: tuple[Swap, ...] = Field((), max_length=MAX_ENTRIES, description="exercises to replace")
    add: tuple[Add, ...] = Field((), max_length=MAX_ENTRIES, description="exercises to put in")
    hold: tuple[Hold, ...] = Field((), max_length=MAX_ENTRIES, description="doses to hold")
    note: Reason = Field(None, description="a note printed for the patient")
    accept_unmet: AcceptUnmet | None = Field(
        None, description="why requirements the adjustments leave unmet are accepted"
    )

    @model_validator(mode="before")
    @classmethod
    def _rest_days_lower(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("rest_days"), list | tuple):
            days = value["rest_days"]
            value = {
                **value,
                "rest_days": [d[:3].lower() if isinstance(d, str) else d for d in days],
            }
        return value

    @model_validator(mode="after")
    def _check_entries(self) -> Adjustments:
        if len(set(self.rest_days)) == len(WEEKDAY_NAMES):
            raise ValueError("rest_days leaves no day to exercise on; keep at least one day")
        for kind in ("drop", "swap", "add", "hold"):
            seen: set[str] = set()
            for entry in getattr(self, kind):
                if entry.exercise in seen:
                    raise ValueError(f"{kind} names '{entry.exercise}' twice; keep one entry")
                seen.add(entry.exercise)
        for swap in self.swap:
            if swap.for_ == swap.exercise:
                raise ValueError(f"swap '{swap.exercise}' for itself changes nothing; remove it")
        return self

    @property
    def empty(self) -> bool:
        """Whether nothing at all is adjusted."""
        return self == Adjustments()

    def merged_over(self, preset: Adjustments) -> Adjustments:
        """These adjustments laid over a preset's: lists joined (the profile's own entry wins
        for an exercise both name), single values the profile's own when it gives them."""

        def join(kind: str) -> tuple[Any, ...]:
            own: tuple[Any, ...] = getattr(self, kind)
            names = {entry.exercise for entry in own}
            return tuple(e for e in getattr(preset, kind) if e.exercise not in names) + own

        return Adjustments(
            start_on=self.start_on or preset.start_on,
            rest_days=tuple(dict.fromkeys(preset.rest_days + self.rest_days)),
            minutes_per_day=self.minutes_per_day or preset.minutes_per_day,
            drop=join("drop"),
            swap=join("swap"),
            add=join("add"),
            hold=join("hold"),
            note=self.note or preset.note,
            accept_unmet=self.accept_unmet or preset.accept_unmet,
        )


def weekday_index(day: Weekday) -> int:
    """Monday 0 to Sunday 6."""
    return WEEKDAY_NAMES.index(day)


def start_problem(start: dt.date, assessed_on: dt.date) -> str | None:
    """What is wrong with a start date, or None."""
    if start < assessed_on:
        return "is before assessed_on; a plan starts on or after the assessment"
    if (start - assessed_on).days > MAX_START_DELAY_DAYS:
        return (
            f"is more than {MAX_START_DELAY_DAYS} days after assessed_on; reassess the patient "
            "nearer the start"
        )
    return None


def overlay(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``overrides`` laid over profile ``data``: fields replaced, except that adjustments given
    both ways are joined (lists of the file's first) rather than the file's lost."""
    out = {**data, **overrides}
    own, given = data.get("adjust"), overrides.get("adjust")
    if isinstance(own, dict) and isinstance(given, dict):
        joined = dict(own)
        for key, value in given.items():
            before = own.get(key)
            if isinstance(before, list) and isinstance(value, list):
                joined[key] = before + value
            else:
                joined[key] = value
        out["adjust"] = joined
    return out
