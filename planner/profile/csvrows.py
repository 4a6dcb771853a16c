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
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from planner.errors import BatchInputError, Problem, ProfileError, suggest
from planner.profile.csvlines import DELIMITERS, Feed, Lines, Unclosed, Unreadable, encoding_name
from planner.profile.fields import SCHEMA, FieldSpec, ProfileSchema
from planner.profile.model import Profile, profile_from_data

COLUMNS: tuple[str, ...] = SCHEMA.columns
#: Columns a batch cannot do without (the profile requires them).
REQUIRED_COLUMNS = SCHEMA.required_columns
LIST_SEPARATOR = "|"
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})
_FRACTURE_COLUMN = re.compile(r"^fracture(\d+)_(\w+)$")
_LIST_ITEM = re.compile(r"^\w+\[(\d+)\]$")
_FIELD_PATH = re.compile(r"^fractures\[(\d+)\](?:\.(\w+))?")
#: A header cell longer than this is no column name and gets no did-you-mean.
MAX_NAME = 64
UNCLOSED_QUOTE = (
    "a quote opened in this row is never closed; the row was not read, the lines after it were"
)


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line in the file (header = line 1) and its profile data."""

    line: int
    data: dict[str, Any]
    problem: str | None = None
    fatal: bool = False

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


def _header_problems(
    columns: list[str],
    known: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED_COLUMNS,
) -> list[Problem]:
    """What is wrong with a header; an unknown column is named by its number, never its text
    (a file without its header has a patient's cells there)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, column in enumerate(columns, start=1):
        if not column:
            problems.append(Problem(f"column {number} has no name", row=1))
        elif column not in known:
            problems.append(
                Problem(
                    f"column {number} is not a known column name",
                    row=1,
                    suggestion=suggest(column, known) if len(column) <= MAX_NAME else None,
                )
            )
        elif column in seen:
            problems.append(Problem(f"column '{column}' appears twice", row=1))
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.append(Problem(f"the required column '{column}' is missing", row=1))
    return problems


def _choose_delimiter(header_line: str, known: tuple[str, ...] = COLUMNS) -> tuple[str, list[str]]:
    """The separator that makes the most known column names of the header, and its columns."""
    best: tuple[int, int, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        columns = [c.strip().lower() for c in cells]
        score = (sum(1 for c in columns if c in known), header_line.count(delimiter))
        if best is None or score > best[:2]:
            best = (*score, delimiter, columns)
    assert best is not None
    return best[2], best[3]


class CsvRows:
    """Stream a batch CSV: ``with CsvRows(path) as rows: for row in rows: ...``.

    Entering checks the header (unknown, duplicate or missing columns raise
    :class:`BatchInputError` before any row is read). After that nothing in the file stops the
    reading: a line that cannot be read (too long, not in the encoding, an opening quote never
    closed, cells cut by another separator than the header's) is yielded as a row with a
    ``problem``, and a file that fails part-way yields a last row saying from which line on
    nothing was read. Line numbers are the file's lines.

    A subclass reads another kind of row through the same reader: it names its columns
    (:attr:`known`, :attr:`required`), the command that prints its header (:attr:`template`)
    and how a row's cells become its data (:meth:`cells_data`).
    """

    known: tuple[str, ...] = COLUMNS
    required: tuple[str, ...] = REQUIRED_COLUMNS
    template = "osteoplan batch-template"

    def __init__(self, path: Path | str, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.encoding = encoding_name(encoding)
        self.columns: list[str] = []
        self.delimiter = ","
        self._file: IO[bytes] | None = None
        self._lines: Lines | None = None

    def __enter__(self) -> CsvRows:
        try:
            self._file = self.path.open("rb")
        except OSError as exc:
            raise BatchInputError.single(
                f"cannot open the CSV ({exc.strerror})", path=self.path
            ) from None
        self._lines = Lines(self._file, self.encoding)
        try:
            header = self._lines.next_line()
        except Unreadable:
            self.close()
            raise BatchInputError.single("cannot read the CSV", path=self.path) from None
        if header is not None and header.problem:
            self.close()
            raise BatchInputError.single(f"the header {header.problem}", path=self.path, row=1)
        if header is None or not header.text.strip():
            self.close()
            raise BatchInputError.single(
                "the CSV is empty or its first line is blank; the first line must be the header "
                f"(see '{self.template}')",
                path=self.path,
            )
        self.delimiter, self.columns = _choose_delimiter(header.text, self.known)
        if not any(c in self.known for c in self.columns):
            self.close()
            raise BatchInputError.single(
                "the first line is not a header: none of its cells is a column name; the first "
                f"line must be the header (see '{self.template}'), nothing was processed",
                path=self.path,
                row=1,
            )
        problems = _header_problems(self.columns, self.known, self.required)
        if problems:
            self.close()
            for p in problems:
                p.path = self.path
            raise BatchInputError(
                problems=problems,
                summary="The CSV header is not valid (nothing was processed):",
            )
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
        if self._lines is None or self._file is None:
            raise RuntimeError("use CsvRows as a context manager")
        feed = Feed(self._lines, self.delimiter, len(self.columns))
        reader = csv.reader(feed, delimiter=self.delimiter)
        while True:
            feed.record = []
            try:
                cells = next(reader)
            except StopIteration:
                return
            except Unclosed:
                yield _problem_row(feed.record[0].number, UNCLOSED_QUOTE)
                self._lines.push_back(feed.record[1:])
                continue
            except Unreadable as exc:
                yield CsvRow(line=exc.line, data={}, problem=exc.message, fatal=True)
                return
            except csv.Error:
                yield _problem_row(feed.record[0].number, "the row cannot be read as CSV")
                self._lines.push_back(feed.record[1:])  # its next lines are read again as rows
                continue
            first = feed.record[0]
            problem = next((ln.problem for ln in feed.record if ln.problem), None)
            if problem:
                yield _problem_row(first.number, problem)
            elif any(c.strip() for c in cells):
                other = _other_separator(cells, self.delimiter, len(self.columns))
                if other:
                    yield _problem_row(
                        first.number,
                        f"the cells are separated by '{other}' but the header's by "
                        f"'{self.delimiter}'; use one separator throughout",
                    )
                else:
                    yield CsvRow(line=first.number, data=self.cells_data(cells))

    def cells_data(self, cells: list[str]) -> dict[str, Any]:
        """A row's data from its cells: profile data (:func:`row_data`)."""
        return row_data(self.columns, cells)


def _problem_row(line: int, problem: str) -> CsvRow:
    return CsvRow(line=line, data={}, problem=problem)


def _other_separator(cells: list[str], delimiter: str, columns: int) -> str | None:
    """Another separator than the header's, if the row is plainly cut by it."""
    if columns < 3 or len(cells) > columns // 2:
        return None
    joined = delimiter.join(cells)
    for other in DELIMITERS:
        if other != delimiter and joined.count(other) >= max(2, (columns - 1) // 2):
            return other
    return None


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
        elif (spec := SCHEMA.adjust_field(column)) is not None:
            data.setdefault("adjust", {})[column] = _convert(spec, text)
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
    if field.startswith("adjust."):
        return field.removeprefix("adjust.").split("[", 1)[0].split(".", 1)[0]
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
        item = _LIST_ITEM.match(problem.field or "")
        if item:  # equipment[1]: the second name in the cell
            problem.message += f" (item {int(item.group(1)) + 1})"
        problem.field = column_for(problem.field, numbers)
        problem.row = row.line
    return problems
