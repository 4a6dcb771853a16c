"""The patient's log typed in day by day (guidance 12.5): a grid for each week of the plan,
a row a day, with a box for each kind of session planned that day, the pain during exercise
and that morning (0-10), a fall, and a short note.

Inputs are named by date: ``log-2027-01-04-balance``, ``log-2027-01-04-pain``; a day left
empty is a day with nothing ticked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from planner.plan import Plan
from planner.review.log import MAX_NOTE, PatientLog
from planner.review.log_summary import planned_days
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS, Component
from planner.web.form.values import FORM_LEVEL, TICKED, Values

Errors = dict[str, list[str]]
#: The form's value for "the log is typed in day by day".
DAYS = "days"
BLOCK_DAYS = 84
SCORES = ("pain", "morning")


@dataclass(frozen=True)
class LogRow:
    """One day of the grid: its date and the kinds of session planned."""

    date: dt.date
    planned: tuple[Component, ...]

    @property
    def prefix(self) -> str:
        return f"log-{self.date.isoformat()}-"


@dataclass(frozen=True)
class LogWeek:
    """One week of the grid."""

    number: int
    rows: tuple[LogRow, ...]
    kinds: tuple[tuple[Component, str], ...]


def log_weeks(plan: Plan) -> list[LogWeek]:
    """The grid's weeks for ``plan``: every day of the block, a column for each kind of session
    the week has."""
    planned = planned_days(plan)
    weeks = []
    for number in range(1, max(len(plan.weeks), 1) + 1):
        first = plan.start_date + dt.timedelta(days=7 * (number - 1))
        rows = tuple(
            LogRow(day, tuple(planned.get(day, {})))
            for day in (first + dt.timedelta(days=n) for n in range(7))
        )
        used = {c for row in rows for c in row.planned}
        kinds = tuple((c, COMPONENT_LABELS[c]) for c in COMPONENTS if c in used)
        weeks.append(LogWeek(number, rows, kinds))
    return weeks


def read_grid(plan: Plan, values: Values) -> tuple[PatientLog | None, Errors]:
    """The log the grid holds, or the problems by input name."""
    errors: Errors = {}
    days: list[dict[str, Any]] = []
    for week in log_weeks(plan):
        for row in week.rows:
            day = _day(row, values, errors)
            if day is not None:
                days.append(day)
    if errors:
        return None, errors
    end = plan.review_date or plan.start_date + dt.timedelta(days=BLOCK_DAYS)
    review = max(end, plan.start_date + dt.timedelta(days=1))
    data = {"plan": {"block": plan.programme.block, "start": plan.start_date, "review": review}}
    try:
        return PatientLog.model_validate({**data, "days": days}), {}
    except ValidationError:
        return None, {FORM_LEVEL: ["The log could not be read; check the days typed in."]}


def _text(values: Values, name: str) -> str:
    raw = values.get(name)
    return raw.strip() if isinstance(raw, str) else ""


def _day(row: LogRow, values: Values, errors: Errors) -> dict[str, Any] | None:
    """One day's line of the log, or None when nothing was entered for it."""
    p = row.prefix
    done = {c: True for c in row.planned if values.get(p + c) == TICKED}
    day: dict[str, Any] = {"date": row.date}
    if done:
        day["sessions"] = done
    for key in SCORES:
        text = _text(values, p + key)
        if not text:
            continue
        if not text.isdigit() or int(text) > 10:
            errors.setdefault(p + key, []).append("A score from 0 to 10.")
            continue
        if key == "pain":
            day["pain"] = {"score": int(text)}
        else:
            day["morning_pain"] = int(text)
    if values.get(p + "fall") == TICKED:
        day["fall"] = {}
    note = _text(values, p + "note")
    if note:
        if len(note) > MAX_NOTE:
            errors.setdefault(p + "note", []).append(f"At most {MAX_NOTE} characters.")
        day["note"] = note
    return day if len(day) > 1 else None
