"""Reading what a review needs: the prescription (the last plan's JSON), the visit and the log,
each bounded like every input and each problem located at its file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from planner.errors import Problem, SourceError, UserError
from planner.jsonfile import read_json_document
from planner.plan import Plan
from planner.review.log import PatientLog, read_log
from planner.review.log_csv import read_log_csv
from planner.review.visit import Visit
from planner.yamlfile import (
    SourceDoc,
    loc_text,
    read_source,
    validation_problems,
)

M = TypeVar("M", bound=BaseModel)


#: A saved plan is larger than any file typed by hand: its weeks list every day's exercises.
MAX_PLAN_BYTES = 32_000_000


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


def read_visit(path: Path, previous: Plan | None = None) -> Visit:
    """A review visit file (YAML or JSON); with ``previous``, also checked against the plan it
    reviews: dated after its assessment, clearing only fractures the profile has."""
    doc = read_source(path)
    visit = _validate(doc, Visit, "visit")
    if previous is not None:
        check_visit(doc, visit, previous)
    return visit


def check_visit(doc: SourceDoc, visit: Visit, previous: Plan) -> None:
    """Refuse a visit not after the plan's assessment, or clearing a fracture no one listed."""
    problems = []
    assessed = previous.profile.assessed_on
    if visit.visit_date <= assessed:
        problems.append(
            Problem(
                f"is not after the last plan's assessment ({assessed}); a review comes after "
                "the plan it reviews",
                path=doc.path,
                line=doc.line_of(("visit_date",)),
                field="visit_date",
            )
        )
    known = len(previous.profile.fractures) + len(visit.new_fractures)
    for i, clearance in enumerate(visit.clearances):
        if clearance.fracture > known:
            at = ("clearances", i, "fracture")
            problems.append(
                Problem(
                    f"names fracture {clearance.fracture}; the profile and the visit's new "
                    f"fractures list {known}",
                    path=doc.path,
                    line=doc.line_of(at),
                    field=loc_text(at),
                )
            )
    if problems:
        raise SourceError(problems=problems)


def read_any_log(path: Path) -> PatientLog:
    """The patient's log, from CSV or from YAML/JSON by its extension."""
    return read_log_csv(path) if path.suffix.lower() == ".csv" else read_log(path)
