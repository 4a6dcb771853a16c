"""Clinic batch: a booklet and a clinician's copy (or a plan) per CSV row, in parallel,
resumable, with a manifest.

:func:`run_batch` checks everything a run needs before it writes anything (the rulebook, the
clinic file, the CSV's header, the output folder) and raises a
:class:`~planner.errors.UserError` if it cannot start. It then streams the CSV
(:mod:`planner.profile.csvrows`), hands rows to a process pool in bounded chunks (at most
``4 * jobs`` rows in flight, so memory stays flat however long the file is) and writes, for
each good row, ``OUTDIR/<id>-booklet.<ext>`` and ``OUTDIR/<id>-clinician.<ext>`` (or
``OUTDIR/<id>.json``), each file atomically. Results arrive in any order; the manifest
(:mod:`planner.batch.manifest`) lists them sorted by row. The work for one row is
:mod:`planner.batch.worker`.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from planner.batch.manifest import RowResult, Status, write_manifest
from planner.batch.outputs import remove_stale_tmp
from planner.batch.rows import rows_to_do
from planner.batch.worker import Settings, close_worker, init_worker, process, process_chunk
from planner.errors import OutputError
from planner.profile.csvrows import CsvRow, CsvRows

Format = Literal["pdf", "html", "json"]
FORMATS: tuple[str, ...] = ("pdf", "html", "json")
Progress = Callable[[RowResult], None]


@dataclass
class BatchReport:
    """The outcome of a batch: rows sorted by row, the manifest paths and the exit code."""

    rows: list[RowResult] = field(default_factory=list)
    code: int = 0
    manifest_csv: Path | None = None
    manifest_json: Path | None = None

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def summary(self) -> str:
        return (
            f"{len(self.rows)} rows: {self.count('ok')} ok, {self.count('invalid')} invalid, "
            f"{self.count('failed')} failed, {self.count('skipped')} skipped; "
            f"manifest {self.manifest_csv}"
        )


def run_batch(
    csv_path: Path | str,
    out_dir: Path | str,
    *,
    jobs: int | None = None,
    resume: bool = False,
    large_print: bool = False,
    fmt: Format = "pdf",
    clinic: Path | str | None = None,
    rules_path: Path | str | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> BatchReport:
    """Process every row of ``csv_path`` into ``out_dir``; see the module docstring.

    ``today`` is the date the handouts are given on (default: the day the batch starts).
    The report's code is 0 when every row is ok or skipped, 1 when some are not.

    Raises:
        UserError: the batch cannot start (bad rulebook, clinic file, CSV header or output
            folder), or the CSV turns unreadable part-way; no manifest is written then.
    """
    if fmt not in FORMATS:
        raise OutputError.single(f"unknown format '{fmt}'; use pdf, html or json")
    from planner.rulebook import load_rulebook

    book_path = Path(rules_path) if rules_path else None
    load_rulebook(book_path)  # a bad rulebook stops here, before any worker starts
    clinic_info = None
    if clinic is not None:
        from planner.render.clinic import load_clinic

        clinic_info = load_clinic(clinic)
    out = Path(out_dir)
    with CsvRows(csv_path) as reader:  # the header is checked before anything is written
        _make_output_folder(out)
        remove_stale_tmp(out)
        parts_dir = Path(tempfile.mkdtemp(prefix="osteoplan-parts-")) if fmt == "pdf" else None
        settings = Settings(
            rules_path=book_path,
            out_dir=out,
            fmt=fmt,
            large_print=large_print,
            clinic=clinic_info,
            parts_dir=parts_dir,
            today=today or dt.date.today(),
        )
        try:
            results = _run(reader, settings, resume, max(1, jobs or os.cpu_count() or 1), progress)
        finally:
            if parts_dir:
                shutil.rmtree(parts_dir, ignore_errors=True)
    report = BatchReport(rows=sorted(results, key=lambda r: r.row))
    report.manifest_csv, report.manifest_json = write_manifest(out, report.rows)
    report.code = 1 if any(r.status in ("invalid", "failed") for r in report.rows) else 0
    return report


def _make_output_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.single(
            f"cannot create the output folder ({exc.strerror})", path=out
        ) from None


def _run(
    reader: Iterable[CsvRow],
    settings: Settings,
    resume: bool,
    jobs: int,
    progress: Progress | None,
) -> list[RowResult]:
    """Every row's result, in the order they finish; ``progress`` hears of each row once."""
    results: list[RowResult] = []
    todo = rows_to_do(reader, settings.out_dir, settings.fmt, resume, results)
    reported = 0

    def tell() -> None:
        nonlocal reported
        if progress is not None:
            for r in results[reported:]:
                progress(r)
        reported = len(results)

    if jobs == 1:
        init_worker(settings)
        try:
            for row, stem in todo:
                results.append(process(row, stem))
                tell()
        finally:
            close_worker()
        tell()
        return results

    # json rows are cheap, so they travel in pairs; either way at most 4 * jobs rows are in flight
    chunk_size = 2 if settings.fmt == "json" else 1
    max_pending = max(jobs, 4 * jobs // chunk_size)
    with cf.ProcessPoolExecutor(
        max_workers=jobs, initializer=init_worker, initargs=(settings,)
    ) as pool:
        pending: set[cf.Future[list[RowResult]]] = set()
        chunk: list[tuple[CsvRow, str]] = []
        for item in todo:
            chunk.append(item)
            if len(chunk) < chunk_size:
                continue
            pending.add(pool.submit(process_chunk, chunk))
            chunk = []
            if len(pending) >= max_pending:
                finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for f in finished:
                    results.extend(f.result())
            tell()
        if chunk:
            pending.add(pool.submit(process_chunk, chunk))
        for f in cf.as_completed(pending):
            results.extend(f.result())
            tell()
    tell()
    return results
