"""The work done for one batch row, in a worker process (or in-process with ``jobs=1``).

Each worker loads the rulebook once (:func:`init_worker`, the pool's initializer). A row is
either a profile to plan (:mod:`planner.batch.plan_row`) or, on a review day, a visit to review
(:mod:`planner.batch.review_row`); :func:`process` runs it and is the one place its problems
become a manifest row. PDFs are made in parts (:func:`planner.render.documents.handout_documents`):
each row typesets only its own pages, and the pages that depend on the plan alone come from a
:class:`planner.render.typeset.PartCache` whose folder all workers share. Nothing here prints
or logs patient text: problems name the row (file line) and the column only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Literal, get_args, get_origin

from planner.batch.context import Made, Settings, WorkerState
from planner.batch.manifest import ReviewRowResult, RowResult, clean_error
from planner.batch.outputs import is_complete
from planner.batch.plan_row import plan_row
from planner.batch.review_row import review_row
from planner.batch.rows import manifest_id
from planner.errors import AdjustmentRefused, PlannerError, SourceError
from planner.output import write_atomic
from planner.profile.csvrows import COLUMNS, CsvRow
from planner.review.visit_rows import VISIT_WORDS

if TYPE_CHECKING:
    from planner.plan import Plan
    from planner.rulebook import Rulebook

__all__ = ["Settings", "close_worker", "closed_words", "init_worker", "process", "process_chunk"]
#: prctl(2): the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 1.0

_current: WorkerState | None = None


def init_worker(settings: Settings) -> None:
    """Load what every row needs once per process: the rulebook and the shared part cache."""
    from planner.render.typeset import PartCache
    from planner.rulebook import load_rulebook

    global _current
    _current = WorkerState(
        settings, load_rulebook(settings.rules_path), PartCache(settings.parts_dir)
    )


def close_worker() -> None:
    """Forget this process's rulebook and plans."""
    global _current
    _current = None


def init_pool_worker(settings: Settings, parent: int, inherited: tuple[int, ...] = ()) -> None:
    """:func:`init_worker` in a pool's worker process, which first makes sure it dies with the
    batch that started it (``parent``), however that ends, and closes the descriptors it
    inherited but must not hold (the output folder's lock, which is the batch's alone)."""
    die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the batch decides what a signal means, and the
    # rows a worker holds finish (see planner.batch.interrupt)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    init_worker(settings)


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends: at once on Linux (``PR_SET_PDEATHSIG``), and
    within a second anywhere (a thread watching the parent process id)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the thread below still watches
            pass
    if os.getppid() != parent:  # the parent was gone before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def process_chunk(chunk: list[tuple[CsvRow, str]], resume: bool = False) -> list[RowResult]:
    """:func:`process` for each ``(row, file stem)`` of ``chunk``."""
    return [process(row, stem, resume) for row, stem in chunk]


def process(row: CsvRow, stem: str, resume: bool = False) -> RowResult:
    """Validate, plan (or review), render and write one row; never raises, never reports
    patient text.

    With ``resume``, a row whose files are all whole is not written again: it is ``skipped``,
    with the plan's facts worked out again (planning is cheap) for the manifest.
    """
    if _current is None:
        raise RuntimeError("init_worker() was not called in this process")
    worker = _current
    review = worker.settings.review is not None
    result = (ReviewRowResult if review else RowResult)(
        row=row.line, id=manifest_id(row), status="ok"
    )
    try:
        made = (review_row if review else plan_row)(worker, row, stem)
        fmt = worker.settings.fmt
        _describe(result, made)
        if resume and all(is_complete(target, fmt) for target in made.targets):
            result.status = "skipped"
        else:
            for target, data in zip(made.targets, made.contents(), strict=True):
                write_atomic(target, data)
        result.output = made.targets[0].name
        handouts = made.targets[1:2] if fmt != "json" else ()
        result.clinician_copy = handouts[0].name if handouts else ""
        if isinstance(result, ReviewRowResult):
            result.plan_json = made.targets[-1].name
    except SourceError as exc:
        result.status = "invalid"
        for problem in exc.problems:  # every problem is the row's, wherever it was found
            problem.row = row.line if problem.row is None else problem.row
        result.error = _clean("; ".join(str(p) for p in exc.problems), worker)
    except AdjustmentRefused as exc:  # the rules' words and names only
        result.status = "invalid"
        result.error = _clean(f"row {row.line}: {exc}", worker)
    except PlannerError as exc:
        result.status = "failed"
        result.error = _clean(f"row {row.line}: {exc}", worker)
    except OSError as exc:  # the reason only: a file name could carry an id
        result.status = "failed"
        result.error = f"row {row.line}: cannot write the output ({exc.strerror})"
    except Exception as exc:  # an unexpected error: its type only, its text might hold data
        result.status = "failed"
        result.error = f"row {row.line}: could not produce the output ({type(exc).__name__})"
    if result.status in ("invalid", "failed"):
        _describe(result, None)
    return result


def _describe(result: RowResult, made: Made | None) -> None:
    """The plan's facts for the manifest (cleared again for a row that ends up not done)."""
    plan: Plan | None = made.plan if made else None
    rules = [r.id for r in plan.rules_fired] if plan else []
    result.rules_fired = list(dict.fromkeys([*rules, *(made.more_rules if made else ())]))
    result.warnings = [w.code for w in plan.warnings] if plan else []
    result.fall_risk = plan.fall_risk if plan else ""
    result.review_date = plan.review_date.isoformat() if plan and plan.review_date else ""
    result.supervision_required = plan.supervision.required if plan else None
    result.unmet = list(dict.fromkeys(u.rule for u in plan.unmet)) if plan else []
    if isinstance(result, ReviewRowResult):
        result.describe(plan)


def _clean(text: str, worker: WorkerState) -> str:
    """An error with any quoted word outside the closed vocabularies left out, capped."""
    if worker.allowed is None:
        worker.allowed = closed_words(worker.book)
    return clean_error(text, worker.allowed)


def closed_words(book: Rulebook) -> frozenset[str]:
    """Every word a message may quote: column names, the vocabularies' values, equipment names,
    exercise slugs, and the punctuation of the id rule."""
    from planner import vocabulary

    words: set[str] = set(COLUMNS) | set(book.vocabulary) | {".", "_", "-", "|", ";", ","}
    words |= VISIT_WORDS
    words |= set(book.exercises)
    for value in vars(vocabulary).values():
        if get_origin(value) is Literal:
            words |= {str(v) for v in get_args(value)}
    return frozenset(words)
