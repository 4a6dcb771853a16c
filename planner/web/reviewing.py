"""What a reviewed block's sessions and pain were, kept with its visit for the programme's
charts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from planner.plan import Plan
from planner.review.log import BANDS, PatientLog
from planner.review.log_summary import adherence, pain_bands, planned_days
from planner.review.visit import Visit


def block_summary(previous: Plan, visit: Visit, log: PatientLog | None) -> dict[str, Any]:
    """The block's sessions done and planned per component (from the log, else as typed), and
    how many of its exercises ended in each pain band (the clinician's, else the log's)."""
    planned = planned_days(previous)
    sessions: dict[str, list[int]] = {}
    if log is not None:
        for component, share in adherence(log, planned, visit.visit_date).items():
            sessions[component] = [share.done or 0, share.planned]
    elif visit.sessions is not None:
        sessions = {c: [s.done, s.planned] for c, s in visit.sessions.items()}
    logged = pain_bands(log, planned, visit.visit_date) or {}
    bands: Counter[str] = Counter()
    for ex in previous.exercises():
        found = visit.exercises.get(ex.slug)
        band = found.pain if found is not None and found.pain else logged.get(ex.slug)
        bands[band or "not_recorded"] += 1
    return {
        "block": previous.programme.block,
        "sessions": sessions,
        "pain": {band: bands[band] for band in (*BANDS, "not_recorded")},
    }
