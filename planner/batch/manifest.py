"""The manifest of a batch: one :class:`RowResult` per CSV row, written as ``manifest.csv``
(formula-safe) and ``manifest.json``. It names rows, ids, files and problems, never a patient's
name or note."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from planner.output import write_atomic

Status = Literal["ok", "invalid", "failed", "skipped"]
MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RowResult(BaseModel):
    """What happened to one CSV row; this is one manifest line. ``output`` is the booklet (or
    the JSON plan), ``clinician_copy`` the clinician's copy."""

    row: int
    id: str
    status: Status
    output: str = ""
    clinician_copy: str = ""
    rules_fired: str = ""
    warnings: str = ""
    error: str = ""


class Manifest(BaseModel):
    """``manifest.json``: every row's result, sorted by row."""

    rows: list[RowResult]


#: The manifest's columns, in order.
MANIFEST_FIELDS: tuple[str, ...] = tuple(RowResult.model_fields)


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a manifest cell as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_manifest(out: Path, rows: list[RowResult]) -> tuple[Path, Path]:
    """``manifest.csv`` (formula-safe) and ``manifest.json``, each written atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_FIELDS)
    for r in rows:
        values = r.model_dump()
        writer.writerow([neutralise(str(values[k])) for k in MANIFEST_FIELDS])
    csv_path, json_path = out / MANIFEST_CSV, out / MANIFEST_JSON
    write_atomic(csv_path, buffer.getvalue().encode("utf-8"))
    write_atomic(json_path, (Manifest(rows=rows).model_dump_json(indent=2) + "\n").encode("utf-8"))
    return csv_path, json_path
