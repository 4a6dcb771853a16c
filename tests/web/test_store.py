"""The database: the migrations make exactly the tables the models describe, prescriptions
are numbered per patient and keep the plan as prescribed, the search takes words literally,
and the configuration's addresses."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from planner.rulebook import Rulebook
from planner.web.config import database_url, is_loopback
from planner.web.planning import Planner
from planner.web.store import patients
from planner.web.store.database import Database
from planner.web.store.tables import Base


@pytest.fixture
def db(tmp_path: Path) -> Database:
    found = Database(f"sqlite:///{tmp_path / 'store.db'}")
    found.migrate()
    found.migrate()  # a second start finds nothing to do
    return found


def test_the_migrations_make_the_models_tables(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []


def test_prescriptions_are_numbered_and_keep_the_plan(db: Database, rulebook: Rulebook) -> None:
    planner = Planner(rulebook)
    profile = planner.profile({"id": "S-1", "age": 70, "ability": "fit", "name": "Ann"})
    plan = planner.plan(profile)
    with db.session() as session, session.begin():
        record = patients.add_patient(session, profile)
        first = patients.save_prescription(session, record, plan, "sam")
        second = patients.save_prescription(session, record, plan, "sam")
        other = patients.add_patient(session, profile.model_copy(update={"id": "S-2"}))
        third = patients.save_prescription(session, other, plan, "kim")
    assert (first.number, second.number, third.number) == (1, 2, 1)
    assert json.loads(patients.prescribed_plan_json(first)) == json.loads(plan.model_dump_json())
    assert first.rulebook_sha256 == rulebook.sha256 and first.saved_by == "sam"
    assert json.loads(first.adjustments_json) in (
        {},
        json.loads(profile.model_dump_json()).get("adjust"),
    )
    with db.session() as session:
        found = patients.patient_by_id(session, "s-1")
        assert found is not None
        assert [p.number for p in patients.prescriptions_of(session, found)] == [2, 1]


def test_the_search_takes_its_words_literally(db: Database, rulebook: Rulebook) -> None:
    planner = Planner(rulebook)
    with db.session() as session, session.begin():
        for pid, name in (("A_1", "Ann 100%"), ("AB1", "Bob")):
            patients.add_patient(
                session, planner.profile({"id": pid, "age": 70, "ability": "fit", "name": name})
            )
    with db.session() as session:
        assert [p.patient_id for p in patients.find_patients(session, "a_")] == ["A_1"]
        assert [p.patient_id for p in patients.find_patients(session, "100%")] == ["A_1"]
        assert len(patients.find_patients(session, "")) == 2


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("clinic.example", False),
    ],
)
def test_loopback_hosts(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def test_database_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://osteoplan@db.example/osteoplan"
    assert database_url(url) == url
    assert database_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = database_url(None)
    assert default.startswith("sqlite:///") and default.endswith("osteoplan.db")
    if sys.platform.startswith("linux"):
        assert default == f"sqlite:///{tmp_path / 'data' / 'osteoplan' / 'osteoplan.db'}"
