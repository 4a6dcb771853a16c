"""A patient's log from a CSV of one row per day (as a spreadsheet exports it).

The header names the columns of :data:`CSV_COLUMNS` in any order and case, and per exercise
``<exercise>.reps``, ``.effort``, ``.support``, ``.impacts`` and ``.minutes``; cells are
separated by ``,``, ``;`` or a tab (the one that makes the header's cells column names). The
plan's block, start and review date are given on the first row at least. A file is at most
:data:`~planner.yamlfile.MAX_BYTES` and a cell :data:`MAX_CELL` characters. Problems name the row
(its line in the file, the header is line 1) and the column, never a cell's text.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.errors import Problem, SourceError, suggest
from planner.profile.csvlines import DELIMITERS
from planner.profile.csvrows import FALSE_WORDS, TRUE_WORDS
from planner.review.log import MAX_NOTE, SUMMARY, Extra, LogDay, PatientLog
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS
from planner.yamlfile import MAX_BYTES, read_bounded, validation_problems

#: The longest cell read.
MAX_CELL = 1000

#: The columns of a CSV log (one row per day; names in any case and order) and what each holds.
#: Per exercise, ``<exercise>.reps``, ``.effort``, ``.support``, ``.impacts`` and ``.minutes``.
CSV_COLUMNS: dict[str, str] = {
    "date": "the day, YYYY-MM-DD or DD/MM/YYYY (required)",
    "block": "the plan's block number (on the first row at least)",
    "plan_start": "the plan's first day (on the first row at least)",
    "review_date": "the plan's review date (on the first row at least)",
    **{
        c: f"the {COMPONENT_LABELS[c].lower()} session: y done, n not done, or for one not done "
        "its reason letter (I, H, P, T or O); empty: not ticked"
        for c in COMPONENTS
    },
    "pain": "pain during or just after exercise, 0-10",
    "pain_sharp": "yes if it was sharp",
    "pain_where": "muscle, joint, back or fracture_site",
    "pain_exercise": "the exercise that caused it",
    "morning_pain": "pain this morning, 0-10",
    "fall": "yes if the patient fell",
    "fall_injurious": "yes if hurt and needed a doctor",
    "fall_long_lie": "yes if on the floor an hour or more, or could not get up",
    "fall_blacked_out": "yes if the patient blacked out",
    "fall_during": "the exercise the fall happened during",
    "note": f"a few words for the clinician (at most {MAX_NOTE} characters)",
}
_IDENTITY = {"block": "block", "plan_start": "start", "review_date": "review"}
_EXTRA_COLUMN = re.compile(r"^[a-z][a-z0-9_]{0,63}\.(?:" + "|".join(Extra.model_fields) + ")$")


def read_log_csv(path: Path) -> PatientLog:
    """A log from a CSV of one row per day; problems name the row (its line) and column."""
    rows = _csv_rows(path)
    columns, problems = _header(rows[0][1] if rows else [], path)
    if problems:
        raise SourceError(problems=problems, summary=SUMMARY)
    identity: dict[str, tuple[str, int]] = {}
    days: list[LogDay] = []
    lines: list[int] = []
    for line, cells in rows[1:]:
        if not any(cells):
            continue
        try:
            data = _row_data(columns, cells, line, identity, path)
            days.append(LogDay.model_validate(data))
            lines.append(line)
        except SourceError as exc:
            problems += exc.problems
        except ValidationError as exc:
            problems += _row_problems(exc, line, path)
    missing = [c for c in _IDENTITY if c not in identity]
    if missing:
        problems.append(Problem(f"give {', '.join(missing)} on the first row at least", path=path))
    if problems:
        raise SourceError(problems=problems, summary=SUMMARY)
    plan = {field: identity[column][0] for column, field in _IDENTITY.items()}
    try:
        return PatientLog.model_validate({"plan": plan, "days": days})
    except ValidationError as exc:
        problems = _log_problems(exc, lines, identity, path)
        raise SourceError(problems=problems, summary=SUMMARY) from None


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Each row's first line and its cells (stripped), the header first."""
    raw = read_bounded(path, MAX_BYTES, "a CSV file")
    if len(raw) > MAX_BYTES:
        raise SourceError.single(f"is more than {MAX_BYTES:,} bytes; a log is far less", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError.single(
            "is not a UTF-8 text file; save it as CSV UTF-8", path=path
        ) from None
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = max(DELIMITERS, key=lambda d: sum(_known(c) for c in _cells(header, d)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append((line, [c.strip() for c in cells]))
            line = reader.line_num + 1
    except csv.Error:
        message = (
            f"a quote is never closed, or a cell is longer than {csv.field_size_limit():,} "
            "characters"
        )
        problem = Problem(message, path=path, row=line)
        raise SourceError(problems=[problem], summary=SUMMARY) from None
    return rows


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _known(column: str) -> bool:
    name = column.strip().lower()
    return name in CSV_COLUMNS or bool(_EXTRA_COLUMN.fullmatch(name))


def _header(cells: list[str], path: Path) -> tuple[list[str], list[Problem]]:
    """The column names, and what is wrong with them (named by number, never by their text)."""
    columns = [c.lower() for c in cells]
    problems = []
    for n, name in enumerate(columns, start=1):
        if not _known(name):
            hint = suggest(name, CSV_COLUMNS) if len(name) <= 64 else None
            problems.append(
                Problem(f"column {n} is not a known column name", path=path, row=1, suggestion=hint)
            )
        elif name in columns[: n - 1]:
            problems.append(Problem(f"column {n} repeats an earlier column", path=path, row=1))
    if "date" not in columns:
        problems.append(Problem("the header has no 'date' column", path=path, row=1))
    return columns, problems


def _row_data(
    columns: list[str],
    cells: list[str],
    line: int,
    identity: dict[str, tuple[str, int]],
    path: Path,
) -> dict[str, Any]:
    """One row's day as the YAML form writes it; the plan's identity is gathered aside."""
    if len(cells) > len(columns):
        raise SourceError.single("has more cells than the header has columns", path=path, row=line)
    day: dict[str, Any] = {}
    fell: str | None = None
    for name, cell in zip(columns, cells, strict=False):
        if not cell:
            continue
        if len(cell) > MAX_CELL:
            raise SourceError.single(
                f"is longer than {MAX_CELL} characters", path=path, row=line, field=name
            )
        if name in _IDENTITY:
            first = identity.setdefault(name, (cell, line))
            if first[0] != cell:
                raise SourceError.single(
                    f"differs from row {first[1]}; a log is of one plan",
                    path=path,
                    row=line,
                    field=name,
                )
        elif name in COMPONENTS:
            day.setdefault("sessions", {})[name] = cell
        elif name == "pain":
            day.setdefault("pain", {})["score"] = cell
        elif name == "fall":
            fell = cell
        elif name.startswith(("pain_", "fall_")):
            group, _, key = name.partition("_")
            day.setdefault(group, {})[key] = cell
        elif "." in name:
            slug, _, key = name.partition(".")
            day.setdefault("exercises", {}).setdefault(slug, {})[key] = cell
        else:
            day[name] = cell
    if fell is not None and fell.lower() not in TRUE_WORDS | FALSE_WORDS:
        raise SourceError.single("write yes or no", path=path, row=line, field="fall")
    if fell is not None and fell.lower() in TRUE_WORDS:
        day.setdefault("fall", {})
    elif fell is not None and "fall" in day:
        raise SourceError.single(
            "says no fall, but the fall columns describe one", path=path, row=line, field="fall"
        )
    return day


def _column(field: str | None) -> str | None:
    """The CSV column of a day's field path (``pain.score`` -> ``pain``)."""
    if not field:
        return None
    head, _, rest = field.partition(".")
    if head == "sessions" and rest:
        return rest
    if head in ("pain", "fall"):
        return head if rest in ("", "score") else f"{head}_{rest}"
    return rest if head == "exercises" and rest else head


def _row_problems(exc: ValidationError, line: int, path: Path) -> list[Problem]:
    problems = validation_problems(exc, None, model=LogDay, row=line, path=path)
    for problem in problems:
        problem.field = _column(problem.field)
    return problems


def _log_problems(
    exc: ValidationError, lines: list[int], identity: dict[str, tuple[str, int]], path: Path
) -> list[Problem]:
    """Problems of the whole log, at the row and column they come from."""
    columns = {field: column for column, field in _IDENTITY.items()}
    problems = []
    for problem in validation_problems(exc, None, model=PatientLog, path=path):
        field = problem.field or ""
        found = re.match(r"^days\[(\d+)\]\.?(.*)$", field)
        if found:
            problem.row, problem.field = lines[int(found.group(1))], _column(found.group(2))
        elif field.startswith("plan."):
            column = columns.get(field[5:], field[5:])
            problem.row, problem.field = identity[column][1], column
        problems.append(problem)
    return problems
