"""Clinic batch CSV: one patient per row, read as profile data.

Columns map one to one onto the profile contract (:data:`COLUMNS`, read off the profile model by
:mod:`planner.profile.fields`); a patient's fractures are spread over the groups ``fracture1_*``
to ``fracture3_*``. The reader accepts what spreadsheet exports do: a UTF-8 byte-order mark,
``;`` or ``,`` between cells (chosen from the header line), blank lines, stray spaces, headers in
any case, yes/no/true/false/1/0/y/n for booleans, and dates written ``YYYY-MM-DD`` or
``DD/MM/YYYY`` (slashed dates are always read day first). An empty cell means the field is not
given.

Rows are streamed: :class:`CsvRows` yields one :class:`CsvRow` at a time and never holds the
file. Cell conversion happens here; validation is :func:`profile_from_row`, which reuses the
profile's own messages and names CSV columns and file line numbers instead of field paths.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from planner.errors import BatchInputError, Problem, ProfileError, suggest
from planner.profile.fields import SCHEMA, FieldSpec, ProfileSchema
from planner.profile.model import Profile, profile_from_data

COLUMNS: tuple[str, ...] = SCHEMA.columns
#: Columns a batch cannot do without (the profile requires them).
REQUIRED_COLUMNS = SCHEMA.required_columns
LIST_SEPARATOR = "|"
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FRACTURE_COLUMN = re.compile(r"^fracture(\d+)_(\w+)$")
_FIELD_PATH = re.compile(r"^fractures\[(\d+)\](?:\.(\w+))?")


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line in the file (header = line 1) and its profile data."""

    line: int
    data: dict[str, Any]

    @property
    def given_id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) and value else None


def batch_template(schema: ProfileSchema = SCHEMA) -> str:
    """The header every batch CSV uses (every column of ``schema``), with one example row."""
    example = {
        "id": "P001",
        "name": "Jane Example",
        "age": "74",
        "sex": "female",
        "assessed_on": "2026-11-02",
        "bone_status": "osteoporosis",
        "t_score": "-2.8",
        "falls_12m": "1",
        "unsteady": "yes",
        "ability": "limited",
        "back_pain": "3",
        "kyphosis": "no",
        "equipment": "firm_chair|counter_or_sturdy_support|resistance_band",
        "fracture1_site": "vertebral",
        "fracture1_date": "14/08/2026",
        "fracture1_cause": "lifting",
        "fracture1_count": "2",
        "fracture2_site": "wrist",
        "fracture2_weeks_since": "60",
        "fracture2_cause": "fall",
        "fracture2_treatment": "cast",
        "fracture2_cleared": "yes",
    }
    columns = schema.columns
    lines = [",".join(columns), ",".join(example.get(c, "") for c in columns)]
    return "\n".join(lines) + "\n"


def _header_problems(columns: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, column in enumerate(columns, start=1):
        if not column:
            problems.append(Problem(f"column {number} has no name", row=1))
        elif column not in COLUMNS:
            problems.append(
                Problem(
                    f"unknown column '{column}'",
                    row=1,
                    suggestion=suggest(column, COLUMNS),
                )
            )
        elif column in seen:
            problems.append(Problem(f"column '{column}' appears twice", row=1))
        seen.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            problems.append(Problem(f"the required column '{column}' is missing", row=1))
    return problems


class CsvRows:
    """Stream a batch CSV: ``with CsvRows(path) as rows: for row in rows: ...``.

    Entering checks the header (unknown, duplicate or missing columns raise
    :class:`BatchInputError` before any row is read).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.columns: list[str] = []
        self.delimiter = ","
        self._file: IO[str] | None = None
        self._reader: Any = None

    def __enter__(self) -> CsvRows:
        try:
            self._file = self.path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise BatchInputError.single(
                f"cannot open the CSV ({exc.strerror})", path=self.path
            ) from None
        try:
            header_line = self._file.readline()
        except UnicodeDecodeError:
            self.close()
            raise BatchInputError.single(
                "the CSV is not UTF-8 text; save it as 'CSV UTF-8'", path=self.path
            ) from None
        if not header_line.strip():
            self.close()
            raise BatchInputError.single(
                "the CSV is empty or its first line is blank; the first line must be the header "
                "(see 'osteoplan batch-template')",
                path=self.path,
            )
        self.delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        header = next(csv.reader([header_line], delimiter=self.delimiter))
        self.columns = [c.strip().lower() for c in header]
        problems = _header_problems(self.columns)
        if problems:
            self.close()
            for p in problems:
                p.path = self.path
            raise BatchInputError(
                problems=problems,
                summary="The CSV header is not valid (nothing was processed):",
            )
        self._reader = csv.reader(self._file, delimiter=self.delimiter)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __iter__(self) -> Iterator[CsvRow]:
        if self._reader is None:
            raise RuntimeError("use CsvRows as a context manager")
        last = 1  # the header line
        try:
            for cells in self._reader:
                line = last + 1
                last = self._reader.line_num + 1  # line_num counts from the reader's start
                if not any(c.strip() for c in cells):
                    continue
                yield CsvRow(line=line, data=row_data(self.columns, cells))
        except UnicodeDecodeError:
            raise BatchInputError.single(
                "the CSV is not UTF-8 text; save it as 'CSV UTF-8'", path=self.path, row=last + 1
            ) from None
        except csv.Error as exc:
            raise BatchInputError.single(
                f"the CSV cannot be read ({exc})", path=self.path, row=last + 1
            ) from None


def row_data(columns: list[str], cells: list[str]) -> dict[str, Any]:
    """Profile data from one row's cells; empty cells are left out.

    Cells past the header are kept under ``_extra_cells`` so validation can report them.
    """
    data: dict[str, Any] = {}
    fractures: dict[int, dict[str, Any]] = {}
    for column, raw in zip(columns, cells, strict=False):
        text = raw.strip()
        if not text:
            continue
        match = _FRACTURE_COLUMN.match(column)
        if match:
            number, name = int(match.group(1)), match.group(2)
            spec = SCHEMA.field(name, fracture=True)
            fractures.setdefault(number, {})[name] = _convert(spec, text)
        else:
            data[column] = _convert(SCHEMA.field(column), text)
    if fractures:
        data["fractures"] = [fractures[n] for n in sorted(fractures)]
        data["_fracture_numbers"] = sorted(fractures)
    extra = [c for c in cells[len(columns) :] if c.strip()]
    if extra:
        data["_extra_cells"] = len(extra)
    return data


def _convert(spec: FieldSpec | None, text: str) -> Any:
    """A cell's text as the field's value; anything unreadable is left for the profile to
    reject with its own message."""
    kind = spec.kind if spec else "text"
    if kind == "bool":
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return text
    if kind == "date":
        match = _SLASHED.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return text
        return text
    if kind == "list":
        return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
    return text


def column_for(field: str | None, numbers: list[int] | None = None) -> str | None:
    """The CSV column for a profile field path (``fractures[0].site`` -> ``fracture1_site``)."""
    if not field:
        return field
    match = _FIELD_PATH.match(field)
    if match:
        index = int(match.group(1))
        number = numbers[index] if numbers and index < len(numbers) else index + 1
        sub = match.group(2)
        return f"fracture{number}_{sub}" if sub else f"fracture{number}_*"
    return field.split("[", 1)[0]


def profile_from_row(row: CsvRow) -> Profile:
    """Validate one row; every problem names the file line and the CSV column."""
    data = dict(row.data)
    numbers = data.pop("_fracture_numbers", None)
    extra = data.pop("_extra_cells", 0)
    problems: list[Problem] = []
    if extra:
        problems.append(
            Problem(f"{extra} cell(s) past the last column of the header", row=row.line)
        )
    try:
        profile = profile_from_data(data, row=row.line)
    except ProfileError as exc:
        for problem in exc.problems:
            problem.field = column_for(problem.field, numbers)
            problem.row = row.line
        raise ProfileError(problems=problems + exc.problems, summary=exc.summary) from None
    if problems:
        raise ProfileError(problems=problems, summary="The row is not valid:")
    return profile


def translate_problems(problems: list[Problem], row: CsvRow) -> list[Problem]:
    """Rename field paths of problems found after validation (equipment) to CSV columns."""
    numbers = row.data.get("_fracture_numbers")
    for problem in problems:
        problem.field = column_for(problem.field, numbers)
        problem.row = row.line
    return problems
