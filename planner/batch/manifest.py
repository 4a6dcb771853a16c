"""The manifest of a batch: one :class:`RowResult` per CSV row, written as ``manifest.csv``
(formula-safe) and ``manifest.json``, both or neither. It names rows, ids, files, rule ids,
warning codes and problems, never a patient's name, note or any cell they typed: an error is
cleaned by :func:`clean_error` before it is kept."""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field
from pydantic_core import to_json

from planner.output import atomic_files

if TYPE_CHECKING:
    from planner.plan import Plan

Status = Literal["ok", "invalid", "failed", "skipped"]
MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
#: File stems no patient id may take: the batch writes these names itself.
RESERVED_STEMS = frozenset({"manifest"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The longest error a manifest keeps; longer ones are cut at a word.
MAX_ERROR = 300
_QUOTED = re.compile(r"\s*'([^']*)'")


class RowResult(BaseModel):
    """What happened to one CSV row; this is one manifest line. ``output`` is the booklet (or
    the JSON plan), ``clinician_copy`` the clinician's copy; the plan's facts (rules fired,
    warnings, falls risk, review date, supervision, unmet requirements by rule) are given for
    rows done now and rows skipped as done before."""

    row: int
    id: str
    status: Status
    output: str = ""
    clinician_copy: str = ""
    rules_fired: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    fall_risk: str = ""
    review_date: str = ""
    supervision_required: bool | None = None
    unmet: list[str] = Field(default_factory=list)
    error: str = ""


Change = Literal["progress", "hold", "step_back", "new", "dropped"]
CHANGES: tuple[Change, ...] = ("progress", "hold", "step_back", "new", "dropped")


class ReviewRowResult(RowResult):
    """A review day's row: the next block's number, its plan (the next prescription) and how
    many exercises the review progressed, held, stepped back, brought in and dropped; the rules
    fired include the review's own."""

    block: int | None = None
    plan_json: str = ""
    progress: int | None = None
    hold: int | None = None
    step_back: int | None = None
    new: int | None = None
    dropped: int | None = None

    def describe(self, plan: Plan | None) -> None:
        """The block and the counts of ``plan``'s review (cleared for None)."""
        changes = [c.change for c in plan.review.changes] if plan and plan.review else []
        self.block = plan.programme.block if plan else None
        for kind in CHANGES:
            setattr(self, kind, changes.count(kind) if plan else None)


class Manifest(BaseModel):
    """``manifest.json``: every row's result, sorted by row."""

    rows: list[RowResult]


@functools.cache
def manifest_fields(model: type[RowResult] = RowResult) -> tuple[str, ...]:
    """A manifest's columns, in order: the row model's fields, ``error`` last."""
    names = [name for name in model.model_fields if name != "error"]
    return (*names, "error")


#: The manifest's columns, in order.
MANIFEST_FIELDS: tuple[str, ...] = manifest_fields()


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a manifest cell as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def clean_error(text: str, allowed: Collection[str] = ()) -> str:
    """An error fit for the manifest: quoted words not in ``allowed`` (a closed vocabulary)
    left out, at most :data:`MAX_ERROR` characters, on one line."""

    def keep(match: re.Match[str]) -> str:
        return match.group(0) if match.group(1) in allowed else ""

    cleaned = " ".join(_QUOTED.sub(keep, text).split())
    if len(cleaned) > MAX_ERROR:
        cleaned = cleaned[: MAX_ERROR - 4].rsplit(" ", 1)[0] + " ..."
    return cleaned


def _cell(value: object) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _csv_line(result: RowResult) -> str:
    buffer = io.StringIO()
    values = result.model_dump()
    fields = manifest_fields(type(result))
    csv.writer(buffer, lineterminator="\n").writerow([neutralise(_cell(values[k])) for k in fields])
    return buffer.getvalue()


def _json_line(result: RowResult) -> str:
    values = result.model_dump(mode="json")
    return to_json({k: values[k] for k in manifest_fields(type(result))}).decode("utf-8")


def write_manifest(
    out: Path, rows: Iterable[RowResult], model: type[RowResult] = RowResult
) -> tuple[Path, Path]:
    """``manifest.csv`` (formula-safe) and ``manifest.json`` from ``rows`` (streamed, in the
    order given; each of the row ``model``), written together: both files are replaced, or
    neither.

    Raises:
        OutputError: either file cannot be written; the old pair is left as it was.
    """
    csv_path, json_path = out / MANIFEST_CSV, out / MANIFEST_JSON
    with atomic_files(csv_path, json_path) as (csv_file, json_file):
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow(manifest_fields(model))
        csv_file.write(header.getvalue().encode("utf-8"))
        json_file.write(b'{"rows": [')
        separator = b"\n  "
        for given in rows:
            result = given if type(given) is model else model.model_validate(given.model_dump())
            csv_file.write(_csv_line(result).encode("utf-8"))
            json_file.write(separator + _json_line(result).encode("utf-8"))
            separator = b",\n  "
        json_file.write(b"\n]}\n")
    return csv_path, json_path
