"""The tables: patients, their immutable prescriptions, the review visits between them, accounts
and the audit trail.

A patient's ``name`` is kept for the list and the search and printed on their documents; it
never goes into the audit trail, which names patients by their ``patient_id`` only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The declarative base of every table."""


def utc_now() -> dt.datetime:
    """Now, in UTC, without microseconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Patient(Base):
    """A patient and the assessment being worked on (a profile that may change)."""

    __tablename__ = "patients"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[str] = mapped_column(String(64))
    #: The id folded to lower case: ``A1`` and ``a1`` would be one file name on many disks.
    id_folded: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    #: The current assessment: the profile as JSON (the contract's fields).
    profile_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Prescription(Base):
    """A saved plan: never changed once written."""

    __tablename__ = "prescriptions"
    __table_args__ = (UniqueConstraint("patient_key", "number"),)

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_key: Mapped[int] = mapped_column(ForeignKey("patients.key"), index=True)
    #: 1, 2, 3 ... for each patient.
    number: Mapped[int] = mapped_column(Integer)
    profile_json: Mapped[str] = mapped_column(Text)
    #: The physiotherapist's adjustments to the plan (the profile's ``adjust``), as JSON.
    adjustments_json: Mapped[str] = mapped_column(Text)
    #: The plan as prescribed: its plan-v1 JSON, compressed (zlib; about 10 kB).
    plan_gz: Mapped[bytes] = mapped_column(LargeBinary)
    rulebook_version: Mapped[str] = mapped_column(String(40))
    rulebook_sha256: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    saved_by: Mapped[str] = mapped_column(String(80))


class ReviewVisit(Base):
    """A review visit: what the clinician typed in, and the prescription it reviewed and made.

    Never changed once written, like the prescriptions it joins."""

    __tablename__ = "review_visits"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_key: Mapped[int] = mapped_column(ForeignKey("patients.key"), index=True)
    #: The prescription reviewed (the last block) and the one made (the next block).
    reviewed_key: Mapped[int] = mapped_column(ForeignKey("prescriptions.key"))
    made_key: Mapped[int] = mapped_column(ForeignKey("prescriptions.key"), unique=True)
    #: The visit as the review read it (its model's JSON).
    visit_json: Mapped[str] = mapped_column(Text)
    #: The patient's log, when its days were typed in (its model's JSON).
    log_json: Mapped[str | None] = mapped_column(Text)
    #: What the log or the visit said of the block: sessions and pain bands (JSON).
    summary_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    saved_by: Mapped[str] = mapped_column(String(80))


class User(Base):
    """An account: a name and an argon2 password hash."""

    __tablename__ = "users"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what, when, to which patient (by id, never by name)."""

    __tablename__ = "audit"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    patient_id: Mapped[str | None] = mapped_column(String(64))
    #: A few words in the workbench's own vocabulary (a prescription number, a count).
    detail: Mapped[str | None] = mapped_column(String(200))
