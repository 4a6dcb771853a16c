"""Review visits: the next block saved as a prescription, with the visit (and the log) that
made it; and a patient's visits, oldest first, for the programme's timeline."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.plan import Plan
from planner.profile.model import Profile
from planner.review.log import PatientLog
from planner.review.visit import Visit
from planner.web.store.patients import save_prescription
from planner.web.store.tables import Patient, Prescription, ReviewVisit


def save_review(
    session: Session,
    record: Patient,
    reviewed: Prescription,
    made: tuple[Plan, Profile],
    given: tuple[Visit, PatientLog | None],
    summary: dict[str, Any],
    by: str,
) -> Prescription:
    """The next block (``made``: its plan and the profile on the visit date) as a new
    prescription, and the visit and log ``given`` that made it from ``reviewed``."""
    plan, profile = made
    visit, log = given
    saved = save_prescription(session, record, plan, by, profile)
    session.add(
        ReviewVisit(
            patient_key=record.key,
            reviewed_key=reviewed.key,
            made_key=saved.key,
            visit_json=visit.model_dump_json(),
            log_json=log.model_dump_json() if log is not None else None,
            summary_json=json.dumps(summary, sort_keys=True),
            saved_at=saved.saved_at,
            saved_by=by,
        )
    )
    session.flush()
    return saved


def visits_of(session: Session, record: Patient) -> list[ReviewVisit]:
    """A patient's review visits, oldest first."""
    statement = (
        select(ReviewVisit).where(ReviewVisit.patient_key == record.key).order_by(ReviewVisit.key)
    )
    return list(session.scalars(statement))


def stored_visit(found: ReviewVisit) -> Visit:
    """The visit as the review read it."""
    return Visit.model_validate_json(found.visit_json)
