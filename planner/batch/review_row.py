"""The work for one row of a review day: the patient's last plan and the visit on the row (or in
its visit file), with their log, turned into the next block (:func:`planner.review.block.review`)
and the files ``osteoplan review`` writes for it.

The prescription is the patient's latest plan in the prescriptions folder: the
``<id>-block<N>-plan.json`` with the highest ``N`` (what a review writes), else ``<id>.json``
(what ``osteoplan batch --format json`` writes). A review never reads a file the run was not
pointed to (:mod:`planner.batch.infiles`)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from planner.batch.context import Made, WorkerState
from planner.batch.infiles import file_in, located
from planner.batch.outputs import review_outputs
from planner.errors import Problem, SourceError, UserError
from planner.profile.csvrows import CsvRow
from planner.review.visit_rows import FINDINGS, read_visit_row

if TYPE_CHECKING:
    from planner.plan import Plan
    from planner.review.visit import Visit

T = TypeVar("T")
_BLOCK_PLAN = re.compile(r"^(?P<id>.+)-block(?P<block>\d{1,4})-plan\.json$")


def review_row(worker: WorkerState, row: CsvRow, stem: str) -> Made:
    """The next block of the patient on ``row``.

    Raises:
        SourceError: the row, its prescription, visit file or log is not valid, or the visit is
            not after the last plan; each problem names the row and the column.
    """
    from planner.review.block import review
    from planner.review.files import read_any_log, read_prescription, read_visit
    from planner.review.log import check_matches

    inputs = worker.settings.review
    if inputs is None:
        raise RuntimeError("a review row needs the review's folders")
    line = row.line
    found = read_visit_row(line, row.data, worker.book.exercises)
    name = prescription_name(inputs.prescriptions, found.id)
    if name is None:
        raise _problem(
            line,
            "id",
            f"no prescription for this id: expected {found.id}.json (or "
            f"{found.id}-block<N>-plan.json) in the prescriptions folder",
        )
    where = file_in(
        inputs.prescriptions, name, row=line, column="id", what="the prescriptions folder"
    )
    previous = _read(read_prescription, where, line, "id", f"prescription {name}")
    if previous.profile.id not in (None, found.id):
        raise _problem(line, "id", f"the prescription {name} is for another patient id")
    visit = found.visit
    if visit is None:
        folder = inputs.visits or Path()
        what = "the visit files folder"
        given = file_in(folder, found.visit_file or "", row=line, column="visit_file", what=what)
        visit = _read(read_visit, given, line, "visit_file", "the visit file")
    log = None
    if found.log is not None:
        if inputs.logs is None:
            raise _problem(line, "log", "names a log, but no --logs folder was given")
        at = file_in(inputs.logs, found.log, row=line, column="log", what="the logs folder")
        log = _read(read_any_log, at, line, "log", "the log")
        try:
            check_matches(log, previous)
        except UserError as exc:
            raise located(exc, row=line, column="log", what="the log") from None
    _check(visit, previous, line, "visit_file" if found.visit is None else None)
    plan = review(previous, visit, worker.book, log).plan
    targets = review_outputs(
        worker.settings.out_dir, stem, plan.programme.block, worker.settings.fmt
    )

    def contents() -> list[bytes]:
        data = [plan.to_json().encode("utf-8")]
        return data if worker.settings.fmt == "json" else [*worker.handouts(plan), *data]

    fired = tuple(plan.review.rules_fired) if plan.review else ()
    return Made(plan=plan, targets=targets, contents=contents, more_rules=fired)


def prescription_name(folder: Path, patient: str) -> str | None:
    """The file name of the patient's latest prescription in ``folder``, if there is one."""
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return None
    latest = _latest_plans(folder, stamp).get(patient)
    if latest is not None:
        return latest[1]
    return f"{patient}.json" if (folder / f"{patient}.json").is_file() else None


@functools.lru_cache(maxsize=4)
def _latest_plans(folder: Path, stamp: int) -> dict[str, tuple[int, str]]:
    """Each id's ``-block<N>-plan.json`` of the highest N, from one listing of the folder (read
    again when the folder changes: ``stamp`` is its modification time)."""
    latest: dict[str, tuple[int, str]] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            found = _BLOCK_PLAN.match(entry.name)
            if found:
                block = (int(found["block"]), entry.name)
                latest[found["id"]] = max(latest.get(found["id"], block), block)
    return latest


def _read(reader: Callable[[Path], T], path: Path, line: int, column: str, what: str) -> T:
    """A file the row names, its problems made the row's."""
    try:
        return reader(path)
    except UserError as exc:
        raise located(exc, row=line, column=column, what=what) from None


def _check(visit: Visit, previous: Plan, line: int, column: str | None) -> None:
    """What the visit must agree with in the last plan: it comes after the plan's assessment,
    and its findings are for the plan's exercises (``column``: where the visit is, if not in
    the row's own columns)."""
    problems = []
    if visit.visit_date <= previous.profile.assessed_on:
        problems.append(
            Problem(
                "the visit is not after the last plan's assessment (its assessed_on)",
                row=line,
                field=column or "visit_date",
            )
        )
    planned = {ex.slug for ex in previous.exercises()}
    for slug, findings in visit.exercises.items():
        if slug not in planned:
            named = next((c for c in FINDINGS if c in findings.model_fields_set), None)
            problems.append(
                Problem(
                    f"{slug} is not an exercise of the last plan",
                    row=line,
                    field=column or named or "top_of_range",
                )
            )
    if problems:
        raise SourceError(problems=problems, summary="The visit does not fit the last plan:")


def _problem(line: int, column: str, message: str) -> SourceError:
    return SourceError(problems=[Problem(message, row=line, field=column)])
