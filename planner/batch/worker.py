"""The work done for one batch row, in a worker process (or in-process with ``jobs=1``).

Each worker loads the rulebook once (:func:`init_worker`, the pool's initializer) and keeps a
cache of plans keyed by the profile without ``id``, ``name`` and ``note``: the plan depends on
nothing else, so patients with the same facts share one plan computation and only their identity
is swapped in. PDFs are made in parts (:func:`planner.render.documents.handout_documents`): each
row typesets only its own pages, and the pages that depend on the plan alone come from a
:class:`planner.render.typeset.PartCache` whose folder all workers share. Nothing here prints
or logs patient text: problems name the row (file line) and the column only.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args, get_origin

from planner.batch.manifest import RowResult, clean_error
from planner.batch.outputs import is_complete, row_outputs
from planner.batch.rows import manifest_id
from planner.errors import AdjustmentRefused, PlannerError, ProfileError
from planner.output import write_atomic
from planner.profile.csvrows import COLUMNS, CsvRow, profile_from_row, translate_problems

if TYPE_CHECKING:
    from planner.plan import Plan
    from planner.profile.model import Profile
    from planner.render.clinic import Clinic
    from planner.render.typeset import PartCache
    from planner.rulebook import Rulebook

#: What identifies a patient rather than shaping the plan: left out of the plan cache's key.
IDENTITY_FIELDS = frozenset({"id", "name", "note"})
#: Plans a worker keeps (a plan is about 160 kB): many for cheap JSON rows, where a plan shared
#: by many rows saves most of the work; few for handouts, where typesetting dominates.
PLAN_CACHE_SIZE = {"json": 256, "html": 16, "pdf": 16}
#: prctl(2): the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Settings:
    """What every row of one batch shares; sent once to each worker."""

    rules_path: Path | None
    out_dir: Path
    fmt: str
    large_print: bool
    clinic: Clinic | None
    parts_dir: Path | None
    today: dt.date


@dataclass
class _Worker:
    settings: Settings
    book: Rulebook
    parts: PartCache
    plans: dict[str, Plan] = field(default_factory=dict)
    allowed: frozenset[str] | None = None


_current: _Worker | None = None


def init_worker(settings: Settings) -> None:
    """Load what every row needs once per process: the rulebook and the shared part cache."""
    from planner.render.typeset import PartCache
    from planner.rulebook import load_rulebook

    global _current
    _current = _Worker(settings, load_rulebook(settings.rules_path), PartCache(settings.parts_dir))


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
    """Validate, plan, render and write one row; never raises, never reports patient text.

    With ``resume``, a row whose files are all whole is not written again: it is ``skipped``,
    with the plan's facts worked out again (planning is cheap) for the manifest.
    """
    if _current is None:
        raise RuntimeError("init_worker() was not called in this process")
    worker = _current
    fmt = worker.settings.fmt
    result = RowResult(row=row.line, id=manifest_id(row), status="ok")
    try:
        targets = row_outputs(worker.settings.out_dir, stem, fmt)
        skip = resume and all(is_complete(target, fmt) for target in targets)
        profile = profile_from_row(row)
        from planner.schedule.pool import check_equipment

        try:
            check_equipment(profile, worker.book)
            plan = _plan(worker, profile)
        except ProfileError as exc:
            translate_problems(exc.problems, row)
            raise
        _describe(result, plan)
        if skip:
            result.status = "skipped"
        else:
            for target, data in zip(targets, _render(worker, plan, profile), strict=True):
                write_atomic(target, data)
        result.output = targets[0].name
        result.clinician_copy = targets[1].name if len(targets) > 1 else ""
    except ProfileError as exc:
        result.status = "invalid"
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


def _describe(result: RowResult, plan: Plan | None) -> None:
    """The plan's facts for the manifest (cleared again for a row that ends up not done)."""
    result.rules_fired = [r.id for r in plan.rules_fired] if plan else []
    result.warnings = [w.code for w in plan.warnings] if plan else []
    result.fall_risk = plan.fall_risk if plan else ""
    result.review_date = plan.review_date.isoformat() if plan and plan.review_date else ""
    result.supervision_required = plan.supervision.required if plan else None
    result.unmet = list(dict.fromkeys(u.rule for u in plan.unmet)) if plan else []


def _clean(text: str, worker: _Worker) -> str:
    """An error with any quoted word outside the closed vocabularies left out, capped."""
    if worker.allowed is None:
        worker.allowed = closed_words(worker.book)
    return clean_error(text, worker.allowed)


def closed_words(book: Rulebook) -> frozenset[str]:
    """Every word a message may quote: column names, the vocabularies' values, equipment names,
    exercise slugs, and the punctuation of the id rule."""
    from planner import vocabulary

    words: set[str] = set(COLUMNS) | set(book.vocabulary) | {".", "_", "-", "|", ";", ","}
    words |= set(book.exercises)
    for value in vars(vocabulary).values():
        if get_origin(value) is Literal:
            words |= {str(v) for v in get_args(value)}
    return frozenset(words)


def _plan(worker: _Worker, profile: Profile) -> Plan:
    """The plan for ``profile``'s facts, made once per distinct set of facts in this worker.

    The key is a hash of the profile without ``id``, ``name`` and ``note``: the plan is built
    from the profile alone, and those fields only label it, so patients with the same facts
    share it.
    """
    from planner.build import build_plan

    facts = profile.model_dump_json(exclude=set(IDENTITY_FIELDS))
    key = hashlib.sha256(facts.encode()).hexdigest()
    plan = worker.plans.get(key)
    if plan is None:
        clinic = worker.settings.clinic
        plan = build_plan(profile, worker.book, presets=clinic.presets if clinic else None)
        if len(worker.plans) >= PLAN_CACHE_SIZE[worker.settings.fmt]:
            worker.plans.pop(next(iter(worker.plans)))
        worker.plans[key] = plan
    return plan


def _render(worker: _Worker, shared: Plan, profile: Profile) -> list[bytes]:
    """The row's files in the order of :func:`~planner.batch.outputs.row_outputs`: the shared
    plan with this patient's id, name and note."""
    own = shared.profile.model_copy(
        update={key: getattr(profile, key) for key in sorted(IDENTITY_FIELDS)}
    )
    plan = shared.model_copy(update={"profile": own})
    settings = worker.settings
    if settings.fmt == "json":  # compact: indentation would triple the size of a batch
        return [plan.model_dump_json().encode("utf-8") + b"\n"]
    from planner.render.documents import handout_documents

    documents = handout_documents(
        plan,
        worker.book,
        fmt="html" if settings.fmt == "html" else "pdf",
        large_print=settings.large_print,
        clinic=settings.clinic,
        today=settings.today,
        cache=worker.parts,
    )
    return [documents["booklet"], documents["clinician"]]
