"""A patient's programme as a timeline: each block (its number, programme weeks and dates,
the prescription that holds it) and, before each block a review made, the visit (its date and
kind) and how many exercises it progressed, held, stepped back, brought in and dropped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from planner.plan import Plan
from planner.web.store.tables import Prescription, ReviewVisit
from planner.web.views.review import change_counts


def timeline_view(
    saved: Sequence[tuple[Prescription, Plan]], visits: Sequence[ReviewVisit]
) -> list[dict[str, Any]]:
    """The timeline's entries, oldest first: ``saved`` are the prescriptions (oldest first)
    with their plans; ``visits`` the review visits joining them."""
    made_by = {v.made_key: v for v in visits}
    numbers = {rx.key: rx.number for rx, _ in saved}
    out: list[dict[str, Any]] = []
    for rx, plan in saved:
        visit = made_by.get(rx.key)
        if visit is not None and plan.review is not None:
            out.append(
                {
                    "kind": "visit",
                    "date": _day(plan.review.visit_date),
                    "how": "in person" if plan.review.kind == "in_person" else "by phone",
                    "reviewed": numbers.get(visit.reviewed_key),
                    "made": rx.number,
                    "block": plan.programme.block,
                    "counts": [c for c in change_counts(plan.review) if c[2]],
                }
            )
        out.append({"kind": "block", "number": rx.number, **_block(plan)})
    return out


def _block(plan: Plan) -> dict[str, Any]:
    """A block's number, its programme weeks and its dates."""
    first = plan.programme.week
    weeks = len(plan.weeks)
    end = plan.start_date + dt.timedelta(days=7 * weeks - 1) if weeks else plan.start_date
    return {
        "block": plan.programme.block,
        "weeks": (first, first + max(weeks, 1) - 1),
        "start": _day(plan.start_date),
        "end": _day(end),
        "review": _day(plan.review_date) if plan.review_date else None,
        "maintenance": plan.programme.maintenance,
    }


def _day(day: dt.date) -> str:
    """A date as the timeline prints it: 23 Nov 2026."""
    return f"{day.day} {day:%b %Y}"
