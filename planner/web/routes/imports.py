"""Patients from files: a profile (YAML or JSON, read by the library's bounded loader) or a
clinic's CSV (a patient a row, each bad row reported as ``osteoplan batch`` reports it)."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.batch.manifest import clean_error
from planner.batch.rows import manifest_id
from planner.batch.worker import closed_words
from planner.errors import BatchInputError, Problem, ProfileError, UserError
from planner.profile.csvlines import ENCODINGS
from planner.profile.csvrows import CsvRow, CsvRows, profile_from_row, translate_problems
from planner.profile.model import load_profile
from planner.rulebook import Rulebook
from planner.schedule.pool import check_equipment
from planner.web.csrf import checked_form
from planner.web.form.values import profile_values
from planner.web.routes.assessment import ID_REQUIRED, ID_TAKEN, form_page
from planner.web.routes.common import see_other
from planner.web.state import Workbench, actor, bench, page
from planner.web.store import accounts, patients
from planner.yamlfile import MAX_BYTES

#: The largest CSV taken (a clinic's export of thousands of patients is far smaller).
MAX_CSV_BYTES = 5_000_000
CSV_ENCODINGS = tuple(dict.fromkeys(ENCODINGS.values()))


async def import_page(request: Request) -> Response:
    """The two ways to bring patients in."""
    return page(request, "import.html.j2", _context())


def _context(**given: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "encodings": CSV_ENCODINGS,
        "profile_errors": [],
        "csv_errors": [],
        "results": None,
    }
    return {**base, **given}


async def _upload(form: FormData, name: str, limit: int) -> tuple[str, bytes] | str:
    """The uploaded file's name and bytes, or why there are none."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile):
        return "Choose a file to import."
    if not upload.filename:
        await upload.close()
        return "Choose a file to import."
    try:
        data = await upload.read(limit + 1)
    finally:
        await upload.close()
    if len(data) > limit:
        return f"The file is larger than {limit:,} bytes; check that it is the right file."
    return Path(upload.filename).name[:100], data


async def import_profile(request: Request) -> Response:
    """A patient from a profile file; a file without an id (or with one in use) opens the
    form, filled in, to give one."""
    wb = bench(request)
    form = await checked_form(request)
    got = await _upload(form, "profile", MAX_BYTES)
    if isinstance(got, str):
        return page(request, "import.html.j2", _context(profile_errors=[got]), 422)
    shown, data = got
    suffix = ".json" if shown.lower().endswith(".json") else ".yaml"
    with tempfile.TemporaryDirectory(prefix="osteoplan-import-") as folder:
        path = Path(folder) / f"profile{suffix}"
        path.write_bytes(data)
        try:
            profile = load_profile(path, equipment=wb.planner.equipment)
            wb.planner.plan(profile)  # the rules may refuse its adjustments
        except UserError as exc:
            errors = [str(_named(p, shown)) for p in exc.problems]
            return page(request, "import.html.j2", _context(profile_errors=errors), 422)
    with wb.db.session() as session, session.begin():
        problem = None
        if profile.id is None:
            problem = ID_REQUIRED
        elif patients.patient_by_id(session, profile.id) is not None:
            problem = ID_TAKEN
        if problem is not None:
            values = profile_values(wb.layout, patients.profile_data(profile))
            return form_page(request, values, {"id": [f"Patient id: {problem}"]}, None, status=422)
        record = patients.add_patient(session, profile)
        accounts.record(session, actor(request), "patient imported", record.patient_id)
        key = record.key
    return see_other(f"/patients/{key}/plan")


def _named(problem: Problem, shown: str) -> Problem:
    """A problem naming the uploaded file rather than the temporary copy read."""
    if problem.path is not None:
        problem.path = shown
    return problem


async def import_csv(request: Request) -> Response:
    """Patients from a CSV: good rows are added, every other row is listed with its problem."""
    wb = bench(request)
    form = await checked_form(request)
    encoding = form.get("encoding")
    encoding = encoding if isinstance(encoding, str) and encoding in CSV_ENCODINGS else "utf-8"
    got = await _upload(form, "csv", MAX_CSV_BYTES)
    if isinstance(got, str):
        return page(request, "import.html.j2", _context(csv_errors=[got]), 422)
    shown, data = got
    with tempfile.TemporaryDirectory(prefix="osteoplan-import-") as folder:
        path = Path(folder) / "patients.csv"
        path.write_bytes(data)
        try:
            with CsvRows(path, encoding) as rows, wb.db.session() as session, session.begin():
                added_on: dict[str, int] = {}
                results = [_import_row(wb, session, row, added_on, actor(request)) for row in rows]
                added = sum(1 for r in results if r["status"] == "added")
                accounts.record(
                    session,
                    actor(request),
                    "CSV imported",
                    detail=f"{len(results)} rows, {added} added",
                )
        except BatchInputError as exc:
            errors = [str(_named(p, shown)) for p in exc.problems]
            if exc.summary:
                errors.insert(0, exc.summary)
            return page(request, "import.html.j2", _context(csv_errors=errors), 422)
    return page(request, "import.html.j2", _context(results=results, file=shown))


def _import_row(
    wb: Workbench, session: Session, row: CsvRow, added_on: dict[str, int], by: str
) -> dict[str, Any]:
    """One row: added, or why not (``invalid``, ``failed``, or ``exists`` for an id in use
    before the import). ``added_on`` holds the row each id of this file was added from."""
    out: dict[str, Any] = {
        "row": row.line,
        "id": manifest_id(row),
        "status": "invalid",
        "error": "",
    }
    if row.problem is not None:
        out["status"] = "failed" if row.fatal else "invalid"
        out["error"] = clean_error(f"row {row.line}: {row.problem}", _words(wb.planner.book))
        return out
    try:
        profile = profile_from_row(row)
        try:
            check_equipment(profile, wb.planner.book)
        except ProfileError as exc:
            translate_problems(exc.problems, row)
            raise
        wb.planner.plan(profile)  # the rules may refuse its adjustments
    except UserError as exc:
        found = [str(p) if p.row is not None else f"row {row.line}: {p}" for p in exc.problems]
        out["error"] = clean_error("; ".join(found), _words(wb.planner.book))
        return out
    if profile.id is None:
        out["error"] = f"row {row.line}: id: {ID_REQUIRED}"
        return out
    if patients.patient_by_id(session, profile.id) is not None:
        first = added_on.get(profile.id.casefold())
        out["status"] = "invalid" if first else "exists"
        out["error"] = (
            f"row {row.line}: id: duplicate id, first on row {first}"
            if first
            else f"row {row.line}: id: a patient with this id is here already; row not imported"
        )
        return out
    record = patients.add_patient(session, profile)
    accounts.record(session, by, "patient imported", record.patient_id)
    added_on[record.id_folded] = row.line
    out["status"] = "added"
    return out


@cache
def _words(book: Rulebook) -> frozenset[str]:
    """The words an error may quote (the closed vocabularies), as the batch allows them."""
    return closed_words(book)


ROUTES = [
    Route("/patients/import", import_page, methods=["GET"]),
    Route("/patients/import", import_profile, methods=["POST"]),
    Route("/patients/import-csv", import_csv, methods=["POST"]),
]
