"""The patients: the list with its search, and each patient's page (their assessment in
brief, their prescriptions, two of them to compare, the programme's timeline and charts)."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.web.routes.common import key_of, patient_or_404, see_other
from planner.web.state import bench, page
from planner.web.store import patients, reviews
from planner.web.views.charts import charts_view
from planner.web.views.timeline import timeline_view

#: The longest search the list accepts.
MAX_QUERY = 100


async def home(request: Request) -> Response:
    """The workbench opens on the list of patients."""
    return see_other("/patients")


async def patient_list(request: Request) -> Response:
    """Every patient, or those whose id or name holds the words searched for."""
    wb = bench(request)
    query = request.query_params.get("q", "")[:MAX_QUERY]
    with wb.db.session() as session:
        found = patients.find_patients(session, query)
    context = {"patients": found, "query": query, "limit": patients.LIST_LIMIT}
    return page(request, "patients.html.j2", context)


async def patient_page(request: Request) -> Response:
    """One patient: who they are, their assessment in brief, their prescriptions."""
    wb = bench(request)
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
        saved = patients.prescriptions_of(session, record)
        visits = reviews.visits_of(session, record)
    data = json.loads(record.profile_json)
    plans = [(rx, plan) for rx in reversed(saved) if (plan := patients.stored_plan(rx))]
    context = {
        "patient": record,
        "profile": data,
        "prescriptions": saved,
        "current_rules": wb.planner.book.sha256,
        "timeline": timeline_view(plans, visits),
        "charts": charts_view(visits),
    }
    return page(request, "patient.html.j2", context)


ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/patients", patient_list, methods=["GET"]),
    Route("/patients/{key:int}", patient_page, methods=["GET"]),
]
