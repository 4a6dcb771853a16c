"""Which CSV rows a batch still has to do: a repeated id is an error, never an overwrite, and
with ``--resume`` a row whose files are all whole is skipped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from planner.batch.manifest import RowResult
from planner.batch.outputs import is_complete, row_outputs, safe_name
from planner.profile.csvrows import CsvRow


def rows_to_do(
    rows: Iterable[CsvRow], out: Path, fmt: str, resume: bool, done: list[RowResult]
) -> Iterator[tuple[CsvRow, str]]:
    """Each row needing work with its file stem; duplicates and (with resume) finished rows
    go straight to ``done`` instead."""
    first_row: dict[str, int] = {}
    for row in rows:
        stem = safe_name(row.given_id, row.line)
        key = stem.casefold()  # A1 and a1 would be one file on a case-insensitive disk
        if key in first_row:
            done.append(
                RowResult(
                    row=row.line,
                    id=row.given_id or "",
                    status="invalid",
                    error=f"row {row.line}: id: duplicate id, first on row {first_row[key]}",
                )
            )
            continue
        first_row[key] = row.line
        targets = row_outputs(out, stem, fmt)
        if resume and all(is_complete(target, fmt) for target in targets):
            done.append(
                RowResult(
                    row=row.line,
                    id=row.given_id or "",
                    status="skipped",
                    output=targets[0].name,
                    clinician_copy=targets[1].name if len(targets) > 1 else "",
                )
            )
            continue
        yield row, stem
