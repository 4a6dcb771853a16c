"""Review visits from a clinic's CSV: one patient a row, read into a :class:`Visit`.

The columns are the visit's flat fields (:data:`VISIT_COLUMNS`): the date and kind, the falls
(dates, with ``injurious_falls``, ``long_lie_falls`` and ``unconscious_falls`` naming which of
them were, and ``fall_during`` as ``date=exercise``), red flags, sessions per component
(``resistance_done``, ``resistance_planned``, ...), the longest break, the re-tests, the
profile changes that are one value, and the per-exercise findings written compactly:
``achieved`` as ``slug=phase``, ``pain`` as ``slug=band`` and ``top_of_range`` as slugs. Lists
are separated by ``|`` (as in the batch CSV) or ``;``. ``log`` names the patient's log and
``visit_file`` a visit file for what a row cannot hold (new fractures, clearances); a row with
a ``visit_file`` gives none of the visit's columns. Every problem names the row and column,
never the text of a cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol, get_args

from pydantic import TypeAdapter, ValidationError

from planner.errors import Problem, SourceError, suggest
from planner.modelinfo import choices
from planner.profile.csvrows import FALSE_WORDS, TRUE_WORDS, CsvRows
from planner.profile.model import PatientId
from planner.profile.values import read_date
from planner.review.visit import ExerciseFindings, Visit
from planner.vocabulary import Component
from planner.yamlfile import loc_text, validation_problems

COMPONENTS: tuple[str, ...] = get_args(Component)
FALL_FLAGS = {"injurious_falls": "injurious", "long_lie_falls": "long_lie"}
FALL_FLAGS["unconscious_falls"] = "lost_consciousness"
SESSION_COLUMNS = tuple(f"{c}_{n}" for c in COMPONENTS for n in ("done", "planned"))
RETESTS = ("tug_s", "chair_stands", "balance_stage", "one_leg_s")
CHANGES = ("ability", "unsteady", "fear_of_falling", "supervision_available", "back_pain")
#: The per-exercise findings written ``slug=value``, each with its values (from the model).
FINDINGS: dict[str, tuple[str, ...]] = {
    name: tuple(choices(info.annotation))
    for name, info in ExerciseFindings.model_fields.items()
    if choices(info.annotation)
}
#: The columns that describe the visit itself (a row with a ``visit_file`` has none of them).
INLINE_COLUMNS: tuple[str, ...] = (
    "visit_date",
    "kind",
    "falls",
    *FALL_FLAGS,
    "fall_during",
    "red_flags",
    "red_flag_assessed",
    *SESSION_COLUMNS,
    "longest_break_days",
    "break_reason",
    *RETESTS,
    *CHANGES,
    *FINDINGS,
    "top_of_range",
)
VISIT_COLUMNS: tuple[str, ...] = ("id", *INLINE_COLUMNS, "log", "visit_file")
BOOLEANS = frozenset({"red_flag_assessed", "unsteady", "fear_of_falling", "supervision_available"})
INTEGERS = frozenset({*SESSION_COLUMNS, "longest_break_days", "chair_stands", "balance_stage"})
INTEGERS |= {"back_pain"}
_SEPARATORS = re.compile(r"[|;]")
_SLUG = re.compile(r"[a-z][a-z0-9_]{0,63}")
_PATIENT_ID: TypeAdapter[str] = TypeAdapter(PatientId)
#: Words a message about a visit row may quote: its columns and the values of its fields.
VISIT_WORDS = frozenset(
    {*VISIT_COLUMNS, *(v for values in FINDINGS.values() for v in values)}
    | {*choices(Visit.model_fields["kind"].annotation)}
    | {*choices(Visit.model_fields["break_reason"].annotation)}
)


class Report(Protocol):
    """Where a row's problems go: ``report(column, message, suggestion)``."""

    def __call__(self, column: str | None, message: str, suggestion: str | None = None) -> None:
        """Note one problem of the row."""


class VisitRows(CsvRows):
    """Stream a review-day CSV as :class:`~planner.profile.csvrows.CsvRows` streams a batch:
    the same separators, encodings, line limits and located problems, with the visit columns.
    A row's data is its non-empty cells, stripped, by column."""

    known = VISIT_COLUMNS
    required = ("id",)
    template = "osteoplan review-batch-template"

    def cells_data(self, cells: list[str]) -> dict[str, Any]:
        data: dict[str, Any] = {
            column: raw.strip()
            for column, raw in zip(self.columns, cells, strict=False)
            if raw.strip()
        }
        extra = [c for c in cells[len(self.columns) :] if c.strip()]
        if extra:
            data["_extra_cells"] = len(extra)
        return data


@dataclass(frozen=True)
class VisitRow:
    """One row read: the patient's id, the visit (None: it is in ``visit_file``), and the
    names of the files it points to, as written."""

    id: str
    visit: Visit | None
    log: str | None
    visit_file: str | None


def visit_template() -> str:
    """The header of a review-day CSV with one example row."""
    example = {
        "id": "P001",
        "visit_date": "2027-02-15",
        "kind": "in_person",
        "falls": "2027-01-10|2027-02-02",
        "injurious_falls": "2027-02-02",
        "resistance_done": "20",
        "resistance_planned": "24",
        "balance_done": "24",
        "balance_planned": "36",
        "longest_break_days": "0",
        "tug_s": "11.5",
        "chair_stands": "11",
        "balance_stage": "3",
        "one_leg_s": "6",
        "unsteady": "yes",
        "achieved": "sit_to_stand=progress|tandem_stance=build",
        "top_of_range": "sit_to_stand",
        "pain": "glute_bridge=hold",
    }
    lines = [",".join(VISIT_COLUMNS), ",".join(example.get(c, "") for c in VISIT_COLUMNS)]
    return "\n".join(lines) + "\n"


def read_visit_row(line: int, data: dict[str, Any], exercises: Collection[str]) -> VisitRow:
    """Validate one row's data (from :class:`VisitRows`); ``exercises`` are the slugs a
    finding may name.

    Raises:
        SourceError: every problem of the row, each naming the row and the column.
    """
    problems: list[Problem] = []

    def problem(column: str | None, message: str, suggestion: str | None = None) -> None:
        problems.append(Problem(message, row=line, field=column, suggestion=suggestion))

    if data.get("_extra_cells"):
        problem(None, f"{data['_extra_cells']} cell(s) past the last column of the header")
    patient = _patient_id(data.get("id"), problem)
    inline = [c for c in INLINE_COLUMNS if c in data]
    visit_file = data.get("visit_file")
    visit: Visit | None = None
    if visit_file is not None and inline:
        problem("visit_file", f"give a visit file or the visit's columns, not both ({inline[0]})")
    elif visit_file is None:
        fields = _visit_data(data, exercises, problem)
        try:
            visit = Visit.model_validate(fields)
        except ValidationError as exc:
            for found in validation_problems(exc, None, model=Visit, row=line):
                found.field, found.message = _column(found.field, found.message)
                problems.append(found)
    if problems:
        raise SourceError(problems=problems, summary="The row is not valid:")
    return VisitRow(id=patient or "", visit=visit, log=data.get("log"), visit_file=visit_file)


def _patient_id(raw: str | None, problem: Report) -> str | None:
    if raw is None:
        problem("id", "is required: the prescription is the file <id>.json")
        return None
    try:
        return _PATIENT_ID.validate_python(raw)
    except ValidationError as exc:
        problem("id", exc.errors()[0]["msg"].removeprefix("Value error, "))
        return None


def items(text: str | None) -> list[str]:
    """A list cell's items (``|`` or ``;`` between them)."""
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


def _visit_data(
    data: dict[str, Any], exercises: Collection[str], problem: Report
) -> dict[str, Any]:
    """The row's cells as the visit's fields; what only the row can get wrong is reported."""
    out: dict[str, Any] = {
        key: _value(key, data[key])
        for key in ("visit_date", "kind", "red_flag_assessed", "longest_break_days")
        if key in data
    }
    out.update((k, data[k]) for k in ("break_reason",) if k in data)
    out["falls"] = _falls(data, exercises, problem)
    out["red_flags"] = items(data.get("red_flags"))
    sessions: dict[str, dict[str, Any]] = {}
    for component in COMPONENTS:
        done, planned = f"{component}_done", f"{component}_planned"
        if (done in data) != (planned in data):
            given, missing = (done, planned) if done in data else (planned, done)
            problem(missing, f"is required with {given}")
        elif done in data:
            sessions[component] = {
                "done": _value(done, data[done]),
                "planned": _value(planned, data[planned]),
            }
    if sessions:
        out["sessions"] = sessions
    out["retests"] = {k: _value(k, data[k]) for k in RETESTS if k in data}
    out["changes"] = {k: _value(k, data[k]) for k in CHANGES if k in data}
    findings: dict[str, dict[str, Any]] = {}
    for column in FINDINGS:
        for slug, value in _pairs(column, data.get(column), exercises, problem).items():
            findings.setdefault(slug, {})[column] = value
    for slug in _slugs("top_of_range", items(data.get("top_of_range")), exercises, problem):
        findings.setdefault(slug, {})["top_of_range"] = True
    out["exercises"] = findings
    return out


def _value(column: str, text: str) -> Any:
    """A cell's text as its field's value; what cannot be read is left for the visit's own
    validation to reject with its message."""
    if column in BOOLEANS:
        word = text.lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else text
    if column in INTEGERS and re.fullmatch(r"[+-]?\d{1,6}", text):
        return int(text)
    return text


def _falls(
    data: dict[str, Any], exercises: Collection[str], problem: Report
) -> list[dict[str, Any]]:
    """The falls, each with the flags the other fall columns give it by its date."""
    falls: list[dict[str, Any]] = [{"date": text} for text in items(data.get("falls"))]
    dates = [_date(fall["date"]) for fall in falls]

    def matching(column: str, text: str, number: int) -> list[dict[str, Any]]:
        when = _date(text)
        found = [f for f, d in zip(falls, dates, strict=True) if when and d == when]
        if when is None:
            problem(column, f"item {number} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        elif not found:
            problem(column, f"item {number} is not one of the dates in falls")
        return found

    for column, flag in FALL_FLAGS.items():
        for number, text in enumerate(items(data.get(column)), start=1):
            for fall in matching(column, text, number):
                fall[flag] = True
    for number, pair in enumerate(items(data.get("fall_during")), start=1):
        when, _, slug = pair.partition("=")
        if not slug.strip():
            problem("fall_during", f"item {number} is not written date=exercise")
            continue
        chosen = _slugs("fall_during", [slug.strip()], exercises, problem, number)
        for fall in matching("fall_during", when.strip(), number):
            fall["during"] = chosen[0] if chosen else None
    return falls


def _date(text: str) -> dt.date | None:
    try:
        value = read_date(text)
    except ValueError:
        return None
    return value if isinstance(value, dt.date) else None


def _pairs(
    column: str, text: str | None, exercises: Collection[str], problem: Report
) -> dict[str, str]:
    """``slug=value`` items of a findings column, each value from its closed list."""
    allowed = FINDINGS[column]
    out: dict[str, str] = {}
    for number, pair in enumerate(items(text), start=1):
        slug, sep, value = (part.strip() for part in pair.partition("="))
        if not sep or not value:
            problem(column, f"item {number} is not written exercise={'|'.join(allowed)}")
            continue
        if value not in allowed:
            hint = suggest(value, allowed) if len(value) <= 64 else None
            problem(column, f"item {number}: use one of {', '.join(allowed)}", hint)
        for known in _slugs(column, [slug], exercises, problem, number):
            if known in out:
                problem(column, f"item {number}: {known} is given twice")
            out[known] = value
    return out


def _slugs(
    column: str, given: list[str], exercises: Collection[str], problem: Report, first: int = 1
) -> list[str]:
    """The known exercise slugs of ``given``; the others are reported, by item number."""
    known: list[str] = []
    for number, slug in enumerate(given, start=first):
        if slug in exercises:
            known.append(slug)
            continue
        hint = suggest(slug, exercises) if _SLUG.fullmatch(slug) else None
        problem(column, f"item {number} is not an exercise of the library", hint)
    return known


_EXERCISE_FIELD = re.compile(r"^exercises\.([a-z0-9_]+)\.(\w+)")


def _column(field: str | None, message: str) -> tuple[str | None, str]:
    """The CSV column (and item) of a visit field path, for a problem of the visit's own."""
    if not field:
        return None, message
    found = _EXERCISE_FIELD.match(field)
    if found:
        return found.group(2), f"{found.group(1)}: {message}"
    head, _, rest = field.partition(".")
    name, _, index = head.partition("[")
    if name == "falls":
        item = f"item {int(index.rstrip(']')) + 1}: " if index else ""
        column = {"injurious": "injurious_falls", "long_lie": "long_lie_falls"}
        column |= {"lost_consciousness": "unconscious_falls", "during": "fall_during"}
        return column.get(rest, "falls"), item + message
    if name == "red_flags" and index:
        return name, f"item {int(index.rstrip(']')) + 1}: {message}"
    if name == "sessions" and rest:
        component, _, which = rest.partition(".")
        return f"{component}_{which or 'done'}", message
    if name in ("changes", "retests") and rest:
        return rest, message
    return loc_text((name,)), message
