"""Patients and their prescriptions: the queries the pages use.

A prescription is written once and never changed: the profile, the adjustments, the plan as
prescribed and the rule set it was made with, when and by whom.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from planner.plan import Plan
from planner.profile.model import Profile
from planner.web.store.tables import Patient, Prescription, utc_now

#: The most patients a list or a search shows.
LIST_LIMIT = 200


def profile_data(profile: Profile) -> dict[str, Any]:
    """A profile as the JSON the database keeps (every field, dates as text)."""
    return profile.model_dump(mode="json", by_alias=True)


def stored_profile(text: str) -> Profile:
    """A profile back from the database."""
    return Profile.model_validate(json.loads(text))


def find_patients(session: Session, query: str = "") -> list[Patient]:
    """Patients whose id or name holds ``query`` (any case), most recently changed first."""
    statement = select(Patient).order_by(Patient.updated_at.desc(), Patient.key.desc())
    words = query.strip()
    if words:
        pattern = f"%{_escape_like(words.casefold())}%"
        statement = statement.where(
            or_(
                Patient.id_folded.like(pattern, escape="\\"),
                func.lower(Patient.name).like(pattern, escape="\\"),
            )
        )
    return list(session.scalars(statement.limit(LIST_LIMIT)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def patient(session: Session, key: int) -> Patient | None:
    """The patient with this database key."""
    return session.get(Patient, key)


def patient_by_id(session: Session, patient_id: str) -> Patient | None:
    """The patient with this id (compared ignoring case)."""
    folded = patient_id.casefold()
    return session.scalars(select(Patient).where(Patient.id_folded == folded)).first()


def add_patient(session: Session, profile: Profile) -> Patient:
    """A new patient whose assessment is ``profile`` (which must have an id)."""
    if profile.id is None:
        raise ValueError("a stored patient needs an id")
    now = utc_now()
    record = Patient(
        patient_id=profile.id,
        id_folded=profile.id.casefold(),
        name=profile.name,
        profile_json=json.dumps(profile_data(profile)),
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    session.flush()
    return record


def update_assessment(session: Session, record: Patient, profile: Profile) -> None:
    """Replace a patient's assessment (their id stays as it is)."""
    kept = profile.model_copy(update={"id": record.patient_id})
    record.name = kept.name
    record.profile_json = json.dumps(profile_data(kept))
    record.updated_at = utc_now()


def save_prescription(
    session: Session, record: Patient, plan: Plan, by: str, profile: Profile | None = None
) -> Prescription:
    """A new prescription of ``plan``, made from ``profile`` (by default the patient's current
    assessment; a review's next block is made from the profile on the visit date)."""
    data = profile_data(profile or stored_profile(record.profile_json))
    latest = session.scalar(
        select(func.max(Prescription.number)).where(Prescription.patient_key == record.key)
    )
    saved = Prescription(
        patient_key=record.key,
        number=(latest or 0) + 1,
        profile_json=json.dumps(data),
        adjustments_json=json.dumps(data.get("adjust") or {}),
        plan_gz=zlib.compress(plan.model_dump_json().encode("utf-8")),
        rulebook_version=plan.ruleset.version,
        rulebook_sha256=plan.ruleset.sha256,
        saved_at=utc_now(),
        saved_by=by,
    )
    session.add(saved)
    session.flush()
    return saved


def prescriptions_of(session: Session, record: Patient) -> list[Prescription]:
    """A patient's prescriptions, the latest first."""
    statement = (
        select(Prescription)
        .where(Prescription.patient_key == record.key)
        .order_by(Prescription.number.desc())
    )
    return list(session.scalars(statement))


def prescription(session: Session, record: Patient, number: int) -> Prescription | None:
    """A patient's prescription by its number."""
    statement = select(Prescription).where(
        Prescription.patient_key == record.key, Prescription.number == number
    )
    return session.scalars(statement).first()


def stored_plan(saved: Prescription) -> Plan | None:
    """The plan as prescribed, read back; None when the plan model no longer reads it."""
    try:
        return Plan.model_validate_json(zlib.decompress(saved.plan_gz))
    except (ValueError, zlib.error):  # a ValidationError is a ValueError
        return None


def prescribed_plan_json(saved: Prescription) -> str:
    """The plan as prescribed, as indented plan-v1 JSON text."""
    data = json.loads(zlib.decompress(saved.plan_gz))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
