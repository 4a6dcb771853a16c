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
:mod:`planner.batch.worker`. SIGINT or SIGTERM stops the reading, lets the rows in progress
finish and writes the manifest of the rows done (:mod:`planner.batch.interrupt`).
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from planner.batch.context import ReviewInputs, Settings
from planner.batch.interrupt import Interrupt, StopNow
from planner.batch.lock import FolderLock, make_parts_folder, remove_stale_parts
from planner.batch.manifest import ReviewRowResult, RowResult, Status, write_manifest
from planner.batch.outputs import remove_stale_tmp
from planner.batch.rows import manifest_id, rows_to_do
from planner.batch.store import Store
from planner.batch.worker import (
    close_worker,
    init_pool_worker,
    init_worker,
    process,
    process_chunk,
)
from planner.errors import OutputError
from planner.profile.csvrows import CsvRow, CsvRows
from planner.review.visit_rows import VisitRows

Format = Literal["pdf", "html", "json"]
FORMATS: tuple[str, ...] = ("pdf", "html", "json")
Progress = Callable[[RowResult], None]
STATUSES: tuple[Status, ...] = ("ok", "invalid", "failed", "skipped")
#: How often (seconds) the main process looks for a second signal while it waits for workers.
POLL_SECONDS = 0.2


@dataclass
class BatchReport:
    """The outcome of a batch: how many rows ended how, the manifest paths (None if the
    manifest could not be written, then ``manifest_error`` says why) and the exit code. The
    rows themselves are in the manifest; :attr:`rows` reads them back from it."""

    counts: Counter[Status] = field(default_factory=Counter)
    code: int = 0
    out_dir: Path | None = None
    manifest_csv: Path | None = None
    manifest_json: Path | None = None
    manifest_error: str = ""
    #: The signal that interrupted the run ("SIGINT", "SIGTERM"), and the first line it left.
    interrupted: str = ""
    not_processed_from: int | None = None
    #: The kind of row the manifest holds (a review day's rows say more).
    model: type[RowResult] = RowResult

    def count(self, status: Status) -> int:
        return self.counts[status]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows(self) -> list[RowResult]:
        """Every row's result, sorted by row, as the JSON manifest holds them."""
        if self.manifest_json is None:
            return []
        data = json.loads(self.manifest_json.read_text(encoding="utf-8"))
        return [self.model.model_validate(r) for r in data["rows"]]

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(s)} {s}" for s in STATUSES)
        if self.interrupted:
            left = (
                f"the rows from line {self.not_processed_from} on were not processed"
                if self.not_processed_from is not None
                else "every row was done"
            )
            counts += f"; interrupted ({self.interrupted}): {left}"
        if self.manifest_error:
            done = self.count("ok") + self.count("skipped")
            return (
                f"{self.total} rows: {counts}; the manifest could not be written "
                f"({self.manifest_error}): the files of the {done} rows done are in {self.out_dir}"
            )
        return f"{self.total} rows: {counts}; manifest {self.manifest_csv}"


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
    encoding: str = "utf-8",
    review: ReviewInputs | None = None,
) -> BatchReport:
    """Process every row of ``csv_path`` into ``out_dir``; see the module docstring.

    With ``review``, the CSV is a review day's (:mod:`planner.review.visit_rows`): each row is
    a visit, reviewed against the patient's last plan (:mod:`planner.batch.review_row`) into
    the next block's files, and the manifest rows say which block and what changed.

    ``today`` is the date the handouts are given on (default: the day the batch starts);
    ``encoding`` the CSV's (utf-8, cp1252 or latin-1). The report's code is 0 when every row
    is ok or skipped, 1 when some are not or the manifest could not be written, and 128 + the
    signal (130, 143) when SIGINT or SIGTERM interrupted it: the manifest then holds the rows
    done and a failed row at the first line not processed.

    Raises:
        UserError: the batch cannot start (bad rulebook, clinic file, CSV header or encoding,
            an output folder that cannot be made or written, or one another batch is writing
            into, a review's folder missing); nothing is written then. Once rows are read
            nothing stops the batch: a row that cannot be read, or the file failing part-way,
            is a row of the manifest.
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
    if review is not None:
        review = replace(review, visits=review.visits or Path(csv_path).parent)
        _check_review(review, out)
    rows = CsvRows if review is None else VisitRows
    with rows(csv_path, encoding) as reader:  # the header is checked before anything
        _make_output_folder(out)
        with FolderLock(out) as lock:  # also the check that the folder can be written
            remove_stale_tmp(out)
            remove_stale_parts()
            parts_dir = make_parts_folder() if fmt == "pdf" else None
            settings = Settings(
                rules_path=book_path,
                out_dir=out,
                fmt=fmt,
                large_print=large_print,
                clinic=clinic_info,
                parts_dir=parts_dir,
                today=today or dt.date.today(),
                review=review,
            )
            store = Store(RowResult if review is None else ReviewRowResult)
            try:
                with Interrupt() as stop:  # a signal from here on stops the run cleanly
                    try:
                        jobs = max(1, jobs or os.cpu_count() or 1)
                        inherited = (lock.fd,) if lock.fd is not None else ()
                        left = _run(
                            reader, settings, store, resume, jobs, progress, inherited, stop
                        )
                    finally:
                        if parts_dir:
                            shutil.rmtree(parts_dir, ignore_errors=True)
                    if left is not None:
                        store.add(_not_reached(left, stop.name))
                    return _finish(out, store, stop, left)
            finally:
                store.close()


def _finish(
    out: Path, store: Store, stop: Interrupt | None = None, left: int | None = None
) -> BatchReport:
    """Write the manifest pair from the store; a failure is reported, not raised."""
    report = BatchReport(counts=Counter(store.counts), out_dir=out, model=store.model)
    if stop is not None and stop.requested:
        report.interrupted, report.not_processed_from = stop.name, left
    try:
        report.manifest_csv, report.manifest_json = write_manifest(
            out, store.results(), store.model
        )
    except OutputError as exc:
        report.manifest_error = "; ".join(p.message for p in exc.problems)
    bad = report.count("invalid") + report.count("failed")
    report.code = 1 if bad or report.manifest_error else 0
    if stop is not None and stop.requested:
        report.code = stop.code
    return report


def _check_review(review: ReviewInputs, out: Path) -> None:
    """A review day's folders exist, and its output is not its prescriptions: a next block
    written there would be read back as the latest prescription."""
    review.check()
    if out.exists() and out.resolve() == review.prescriptions.resolve():
        raise OutputError.single(
            "the output folder is the prescriptions folder; write the next blocks elsewhere "
            "(nothing was processed)",
            path=out,
        )


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
    store: Store,
    resume: bool,
    jobs: int,
    progress: Progress | None,
    inherited: tuple[int, ...] = (),
    stop: Interrupt | None = None,
) -> int | None:
    """Every row's result into ``store`` as it comes; ``progress`` hears of each row once.
    Nothing is kept per row here: at most ``4 * jobs`` rows are in flight. Workers close the
    ``inherited`` descriptors. Once ``stop`` is requested no further row is read and the rows in
    progress finish (a second signal: they are reported not processed); the first line not
    processed is returned (None: every row was read)."""
    stop = stop or Interrupt()  # never entered: never requested

    def done(result: RowResult) -> None:
        store.add(result)
        if progress is not None:
            progress(result)

    todo = rows_to_do(reader, store, done)
    if jobs == 1:
        init_worker(settings)
        try:
            for row, stem in todo:
                if stop.requested:
                    return row.line
                try:
                    with stop.stoppable():
                        result = process(row, stem, resume)
                except StopNow:
                    return row.line
                done(result)
        finally:
            close_worker()
        return None

    # json rows are cheap, so they travel in pairs; either way at most 4 * jobs rows are in flight
    chunk_size = 2 if settings.fmt == "json" else 1
    max_pending = max(jobs, 4 * jobs // chunk_size)
    with cf.ProcessPoolExecutor(
        max_workers=jobs,
        initializer=init_pool_worker,
        initargs=(settings, os.getpid(), inherited),
    ) as pool:
        pending: dict[cf.Future[list[RowResult]], list[CsvRow]] = {}
        broken = False

        def collect(futures: Iterable[cf.Future[list[RowResult]]]) -> None:
            nonlocal broken
            for future in futures:
                rows = pending.pop(future)
                try:
                    results = future.result()
                except Exception as exc:  # a worker died (killed, out of memory)
                    broken = True
                    ended = f"the worker process ended ({type(exc).__name__})"
                    results = [_lost(row, ended) for row in rows]
                for result in results:
                    done(result)

        def wait_while(busy: Callable[[], bool]) -> None:
            while busy() and not stop.at_once:
                finished, _ = cf.wait(pending, POLL_SECONDS, cf.FIRST_COMPLETED)
                collect(finished)

        left: int | None = None
        chunk: list[tuple[CsvRow, str]] = []
        for item in todo:
            if stop.requested:
                left = (chunk[0] if chunk else item)[0].line
                break
            chunk.append(item)
            if len(chunk) < chunk_size:
                continue
            _submit(pool, pending, chunk, resume, broken, done)
            chunk = []
            wait_while(lambda: len(pending) >= max_pending)
        else:
            if chunk and stop.requested:
                left = chunk[0][0].line
            elif chunk:
                _submit(pool, pending, chunk, resume, broken, done)
        wait_while(lambda: bool(pending))
        if pending:  # a second signal: the rows in progress are not waited for
            collect([future for future in pending if future.done()])
            for rows in pending.values():
                for row in rows:
                    done(_lost(row, f"the batch was interrupted ({stop.name})"))
            pending.clear()
            _stop_workers(pool)
        return left


def _stop_workers(pool: cf.ProcessPoolExecutor) -> None:
    """End the pool's workers now, without waiting for the rows they hold."""
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in list((pool._processes or {}).values()):
        worker.terminate()


def _submit(
    pool: cf.ProcessPoolExecutor,
    pending: dict[cf.Future[list[RowResult]], list[CsvRow]],
    chunk: list[tuple[CsvRow, str]],
    resume: bool,
    broken: bool,
    done: Callable[[RowResult], None],
) -> None:
    """Hand a chunk to the pool, or, once the pool is broken, report its rows not done."""
    if not broken:
        try:
            pending[pool.submit(process_chunk, chunk, resume)] = [row for row, _ in chunk]
            return
        except RuntimeError:  # BrokenProcessPool: the workers are gone
            pass
    for row, _ in chunk:
        done(_lost(row, "the worker process ended (BrokenProcessPool)"))


def _lost(row: CsvRow, reason: str) -> RowResult:
    return RowResult(
        row=row.line,
        id=manifest_id(row),
        status="failed",
        error=f"row {row.line}: not processed, {reason}",
    )


def _not_reached(line: int, signal_name: str) -> RowResult:
    """The row at the first line an interrupted batch did not process (as a file that fails
    part-way is reported): it stands for every row from there to the end."""
    return RowResult(
        row=line,
        id="",
        status="failed",
        error=(
            f"row {line}: not processed, the batch was interrupted ({signal_name}); the rows "
            "from here to the end were not processed"
        ),
    )
