"""Saved prescriptions: each one's plan and downloads, and two of them compared."""

from __future__ import annotations

import datetime as dt
import json

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.errors import UserError
from planner.plan import Plan
from planner.web.form.calendar import CalendarForm
from planner.web.printing import DOWNLOADS
from planner.web.routes.common import (
    key_of,
    patient_or_404,
    prescription_or_404,
    query_int,
)
from planner.web.state import Workbench, actor, bench, page
from planner.web.store import accounts, patients
from planner.web.store.tables import Prescription
from planner.web.views.compare import Side, compare_view
from planner.web.views.plan import plan_view
from planner.web.views.review import review_view

STALE = (
    "This prescription's profile no longer fits the rules in use, so its plan cannot be made "
    "again here; its plan JSON is the plan as prescribed."
)


def prescribed_plan(wb: Workbench, saved: Prescription) -> Plan:
    """The prescription's plan: a review's next block as it was prescribed (it was made from
    the last block and the visit, not from a profile alone); any other made again from its
    profile (the same plan while the rules are the ones it was made with)."""
    kept = patients.stored_plan(saved)
    if kept is not None and kept.review is not None:
        return kept
    try:
        return wb.planner.plan(patients.stored_profile(saved.profile_json))
    except (UserError, ValueError):  # ValueError: a profile the model no longer reads
        raise HTTPException(409, STALE) from None


def _given_on(saved: Prescription) -> dt.date:
    """The date a prescription's documents say they were given: the day it was saved."""
    when = saved.saved_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone().date()


async def prescription_page(request: Request) -> Response:
    """A saved prescription: its plan, who saved it and when, and its downloads."""
    return show_prescription(request)


def show_prescription(
    request: Request, calendar: CalendarForm | None = None, status_code: int = 200
) -> Response:
    """The prescription page, with the calendar form as posted (and its errors)."""
    wb = bench(request)
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
        saved = prescription_or_404(session, record, key_of(request, "number"))
        latest = patients.prescriptions_of(session, record)[0].number
    plan = prescribed_plan(wb, saved)
    view = plan_view(
        plan,
        wb.planner.book,
        week=query_int(request, "week", 1),
        clinic=wb.config.clinic,
        today=_given_on(saved),
    )
    context = {
        "patient": record,
        "saved": saved,
        "view": view,
        "downloads": DOWNLOADS.values(),
        "same_rules": saved.rulebook_sha256 == wb.planner.book.sha256,
        "current_version": wb.planner.book.info.version,
        "latest": saved.number == latest,
        "programme": plan.programme,
        "changes": review_view(plan, wb.planner.book),
        "calendar": calendar or CalendarForm(),
    }
    return page(request, "prescription.html.j2", context, status_code)


async def download(request: Request) -> Response:
    """One of a prescription's documents, as a file named after the patient's id."""
    wb = bench(request)
    kind = DOWNLOADS.get(request.path_params["kind"])
    if kind is None:
        raise HTTPException(404, "There is no such download.")
    with wb.db.session() as session, session.begin():
        record = patient_or_404(session, key_of(request))
        saved = prescription_or_404(session, record, key_of(request, "number"))
        accounts.record(
            session,
            actor(request),
            "downloaded",
            record.patient_id,
            f"prescription {saved.number}, {kind.title}",
        )
    if kind.kind == "json":
        body = patients.prescribed_plan_json(saved).encode("utf-8")
    else:
        plan = prescribed_plan(wb, saved)
        body = await run_in_threadpool(wb.printer.render, kind, plan, _given_on(saved))
    disposition = f'attachment; filename="{kind.filename(record.patient_id)}"'
    return Response(body, media_type=kind.media_type, headers={"content-disposition": disposition})


async def compare(request: Request) -> Response:
    """What changed between two prescriptions (``?a=1&b=2``; by default the last two)."""
    wb = bench(request)
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
        saved = patients.prescriptions_of(session, record)
        numbers = [s.number for s in saved]
        if len(numbers) < 2:
            raise HTTPException(404, "Two prescriptions are needed for a comparison.")
        a = query_int(request, "a", numbers[1])
        b = query_int(request, "b", numbers[0])
        old = prescription_or_404(session, record, min(a, b))
        new = prescription_or_404(session, record, max(a, b))
    labels = {f.name: f.label for f in (*wb.layout.fields, *wb.layout.fracture_fields)}
    sides = [Side(s.number, json.loads(s.profile_json), prescribed_plan(wb, s)) for s in (old, new)]
    context = {
        "patient": record,
        "old": old,
        "new": new,
        "numbers": numbers,
        "changes": compare_view(sides[0], sides[1], wb.planner.book, labels),
        "other_rules": {s.rulebook_sha256 for s in (old, new)} != {wb.planner.book.sha256},
    }
    return page(request, "compare.html.j2", context)


ROUTES = [
    Route("/patients/{key:int}/prescriptions/{number:int}", prescription_page, methods=["GET"]),
    Route(
        "/patients/{key:int}/prescriptions/{number:int}/download/{kind:str}",
        download,
        methods=["GET"],
    ),
    Route("/patients/{key:int}/compare", compare, methods=["GET"]),
]
