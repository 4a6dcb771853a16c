"""Reading what a review needs: the prescription (the last plan's JSON), the visit and the log,
each bounded like every input and each problem located at its file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from planner.errors import UserError
from planner.plan import Plan
from planner.review.log import PatientLog, read_log
from planner.review.log_csv import read_log_csv
from planner.review.visit import Visit
from planner.yamlfile import SourceDoc, read_json_document, read_source, validation_problems

M = TypeVar("M", bound=BaseModel)


#: A saved plan is larger than any file typed by hand: its weeks list every day's exercises.
MAX_PLAN_BYTES = 32_000_000


def _read(path: Path, model: type[M], what: str) -> M:
    doc = read_source(path)
    return _validate(doc, model, what)


def _validate(doc: SourceDoc, model: type[M], what: str) -> M:
    path = doc.path
    if not isinstance(doc.data, dict):
        raise UserError.single(f"{what} is a mapping of fields", path=path)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise UserError(
            problems=validation_problems(exc, doc, model=model), summary=f"The {what} is not valid:"
        ) from None


def read_prescription(path: Path) -> Plan:
    """The last plan, as ``osteoplan plan --format json`` (or a saved prescription) wrote it."""
    what = "prescription (a plan's JSON)"
    if path.suffix.lower() != ".json":
        raise UserError.single(f"a {what} is a .json file", path=path)
    return _validate(read_json_document(path, MAX_PLAN_BYTES), Plan, what)


def read_visit(path: Path) -> Visit:
    """A review visit file (YAML or JSON)."""
    return _read(path, Visit, "visit")


def read_any_log(path: Path) -> PatientLog:
    """The patient's log, from CSV or from YAML/JSON by its extension."""
    return read_log_csv(path) if path.suffix.lower() == ".csv" else read_log(path)
