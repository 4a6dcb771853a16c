"""Which CSV rows a batch still has to do. A row the reader could not read, an id naming a file
the batch writes itself, and a repeated id are results at once (invalid, never an overwrite);
every other row goes to a worker. Only a valid id (or none) claims a file name, so an invalid
``a b`` never blocks a later ``a_b``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from planner.batch.manifest import MAX_ERROR, RESERVED_STEMS, RowResult
from planner.batch.outputs import safe_name
from planner.batch.store import Store
from planner.profile.csvrows import CsvRow

#: A patient id as the profile accepts it (checked again, with its message, by the worker).
VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def manifest_id(row: CsvRow) -> str:
    """The id the manifest shows: the row's id if it is a valid one, else nothing (a cell that
    is no valid id may be a name: a row cut by the wrong separator puts all of it there)."""
    given = (row.given_id or "").strip()
    return given if VALID_ID.fullmatch(given) else ""


def rows_to_do(
    rows: Iterable[CsvRow], store: Store, done: Callable[[RowResult], None]
) -> Iterator[tuple[CsvRow, str]]:
    """Each row needing work with its file stem; the others go straight to ``done``."""
    for row in rows:
        if row.problem is not None:
            done(
                RowResult(
                    row=row.line,
                    id="",
                    status="failed" if row.fatal else "invalid",
                    error=f"row {row.line}: {row.problem}"[:MAX_ERROR],
                )
            )
            continue
        stem = safe_name(row.given_id, row.line)
        if row.given_id is not None and not manifest_id(row):
            yield row, stem  # an invalid id: the worker reports it; it claims no name
            continue
        problem = _claim(store, stem, row.line)
        if problem:
            done(RowResult(row=row.line, id=manifest_id(row), status="invalid", error=problem))
            continue
        yield row, stem


def _claim(store: Store, stem: str, line: int) -> str | None:
    key = stem.casefold()  # A1 and a1 would be one file on a case-insensitive disk
    if key.split(".", 1)[0] in RESERVED_STEMS:
        return f"row {line}: id: '{key.split('.', 1)[0]}' is reserved for the batch's manifest"
    first = store.claim(key, line)
    if first is not None:
        return f"row {line}: id: duplicate id, first on row {first}"
    return None
