"""Accounts (argon2-hashed passwords) and the audit trail.

The audit trail says who did what and when, naming a patient by their id only: never a name,
a note or anything typed into the assessment.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.errors import UserError
from planner.web.store.tables import AuditEntry, User, utc_now

USER_NAME = re.compile(r"[A-Za-z0-9._@-]{1,80}")
MIN_PASSWORD = 12
#: The newest audit entries the audit page shows.
AUDIT_LIMIT = 500
_hasher = PasswordHasher()
#: Checked against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone's")


def check_new_account(name: str, password: str) -> None:
    """Refuse a name that is not a plain word or a password that is too short."""
    if not USER_NAME.fullmatch(name):
        raise UserError.single(
            "an account name is 1 to 80 letters, digits, '.', '_', '@' or '-'", field="name"
        )
    if len(password) < MIN_PASSWORD:
        raise UserError.single(
            f"the password needs at least {MIN_PASSWORD} characters (a few words make a good one)",
            field="password",
        )


def set_user(session: Session, name: str, password: str) -> bool:
    """Make an account, or give an existing one a new password; True for a new account."""
    check_new_account(name, password)
    found = session.scalars(select(User).where(User.name == name)).first()
    hashed = _hasher.hash(password)
    if found is not None:
        found.password_hash = hashed
        return False
    session.add(User(name=name, password_hash=hashed, created_at=utc_now()))
    return True


def has_users(session: Session) -> bool:
    """Whether any account exists."""
    return bool(session.scalar(select(func.count()).select_from(User)))


def has_user(session: Session, name: str) -> bool:
    """Whether an account called ``name`` exists."""
    return session.scalars(select(User.key).where(User.name == name)).first() is not None


def check_login(session: Session, name: str, password: str) -> bool:
    """Whether ``password`` is this account's (upgrading its hash if the parameters changed)."""
    found = session.scalars(select(User).where(User.name == name)).first()
    try:
        _hasher.verify(found.password_hash if found else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    if found is None:
        return False
    if _hasher.check_needs_rehash(found.password_hash):
        found.password_hash = _hasher.hash(password)
    return True


def record(
    session: Session,
    actor: str,
    action: str,
    patient_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Add one entry to the audit trail."""
    session.add(
        AuditEntry(at=utc_now(), actor=actor, action=action, patient_id=patient_id, detail=detail)
    )


def audit_entries(session: Session, limit: int = AUDIT_LIMIT) -> list[AuditEntry]:
    """The newest entries of the audit trail first."""
    statement = select(AuditEntry).order_by(AuditEntry.key.desc()).limit(limit)
    return list(session.scalars(statement))
