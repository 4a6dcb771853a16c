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

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.batch.manifest import RowResult
from planner.batch.outputs import row_outputs
from planner.errors import PlannerError, ProfileError
from planner.output import write_atomic
from planner.profile.csvrows import CsvRow, profile_from_row, translate_problems

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


def process_chunk(chunk: list[tuple[CsvRow, str]]) -> list[RowResult]:
    """:func:`process` for each ``(row, file stem)`` of ``chunk``."""
    return [process(row, stem) for row, stem in chunk]


def process(row: CsvRow, stem: str) -> RowResult:
    """Validate, plan, render and write one row; never raises, never reports patient text."""
    if _current is None:
        raise RuntimeError("init_worker() was not called in this process")
    worker = _current
    fmt = worker.settings.fmt
    result = RowResult(row=row.line, id=row.given_id or "", status="ok")
    try:
        profile = profile_from_row(row)
        from planner.schedule.pool import check_equipment

        try:
            check_equipment(profile, worker.book)
        except ProfileError as exc:
            translate_problems(exc.problems, row)
            raise
        plan = _plan(worker, profile)
        result.rules_fired = " ".join(r.id for r in plan.rules_fired)
        result.warnings = " ".join(w.code for w in plan.warnings)
        targets = row_outputs(worker.settings.out_dir, stem, fmt)
        for target, data in zip(targets, _render(worker, plan, profile), strict=True):
            write_atomic(target, data)
        result.output = targets[0].name
        result.clinician_copy = targets[1].name if len(targets) > 1 else ""
    except ProfileError as exc:
        result.status = "invalid"
        result.error = "; ".join(str(p) for p in exc.problems)
    except PlannerError as exc:
        result.status = "failed"
        result.error = f"row {row.line}: {exc}"
    except OSError as exc:  # the reason only: a file name could carry an id
        result.status = "failed"
        result.error = f"row {row.line}: cannot write the output ({exc.strerror})"
    except Exception as exc:  # an unexpected error: its type only, its text might hold data
        result.status = "failed"
        result.error = f"row {row.line}: could not produce the output ({type(exc).__name__})"
    return result


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
        plan = build_plan(profile, worker.book)
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
