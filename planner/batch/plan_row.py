"""The work for one row of a batch of profiles: validate it, plan it and say where its files go.

A worker keeps a cache of plans keyed by the profile without ``id``, ``name`` and ``note``: the
plan depends on nothing else, so patients with the same facts share one plan computation and
only their identity is swapped in."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from planner.batch.context import Made, WorkerState
from planner.batch.outputs import row_outputs
from planner.errors import ProfileError
from planner.profile.csvrows import CsvRow, profile_from_row, translate_problems

if TYPE_CHECKING:
    from planner.plan import Plan
    from planner.profile.model import Profile

#: What identifies a patient rather than shaping the plan: left out of the plan cache's key.
IDENTITY_FIELDS = frozenset({"id", "name", "note"})
#: Plans a worker keeps (a plan is about 160 kB): many for cheap JSON rows, where a plan shared
#: by many rows saves most of the work; few for handouts, where typesetting dominates.
PLAN_CACHE_SIZE = {"json": 256, "html": 16, "pdf": 16}


def plan_row(worker: WorkerState, row: CsvRow, stem: str) -> Made:
    """The plan of a profile row, written to ``<stem>.json`` or ``<stem>-booklet`` and
    ``<stem>-clinician``.

    Raises:
        ProfileError: the row is not a valid profile (each problem names its line and column).
    """
    targets = row_outputs(worker.settings.out_dir, stem, worker.settings.fmt)
    profile = profile_from_row(row)
    from planner.schedule.pool import check_equipment

    try:
        check_equipment(profile, worker.book)
        shared = _plan(worker, profile)
    except ProfileError as exc:
        translate_problems(exc.problems, row)
        raise
    own = shared.profile.model_copy(
        update={key: getattr(profile, key) for key in sorted(IDENTITY_FIELDS)}
    )
    plan = shared.model_copy(update={"profile": own})

    def contents() -> list[bytes]:
        if worker.settings.fmt == "json":  # compact: indentation would triple a batch's size
            return [plan.model_dump_json().encode("utf-8") + b"\n"]
        return worker.handouts(plan)

    return Made(plan=plan, targets=targets, contents=contents)


def _plan(worker: WorkerState, profile: Profile) -> Plan:
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
