"""The review visit: from a patient's latest prescription, the visit typed in; saving it runs
the review rules and keeps the next block as a new prescription, with the visit."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.errors import UserError
from planner.plan import Plan
from planner.review.block import review
from planner.web.csrf import checked_form
from planner.web.form.log_grid import DAYS, log_weeks, read_grid
from planner.web.form.values import FORM_LEVEL, Values
from planner.web.form.visit_layout import VisitLayout, visit_layout
from planner.web.form.visit_values import Errors, visit_input
from planner.web.reviewing import block_summary
from planner.web.routes.common import key_of, patient_or_404, prescription_or_404, see_other
from planner.web.routes.prescriptions import prescribed_plan
from planner.web.state import Workbench, actor, bench, page
from planner.web.store import accounts, patients, reviews
from planner.web.store.tables import Patient, Prescription

#: The most fields the visit form posts: a block's days, a few inputs a day.
MAX_FIELDS = 2000
NOT_LATEST = "Only the latest prescription is reviewed: the review makes the block after it."
NOT_PLANNED = "The review could not make the next block: "


def _reviewed(wb: Workbench, request: Request) -> tuple[Patient, Prescription, Plan]:
    """The patient, their latest prescription (the one in the address) and its plan."""
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
        saved = prescription_or_404(session, record, key_of(request, "number"))
        latest = patients.prescriptions_of(session, record)[0]
    if latest.number != saved.number:
        raise HTTPException(409, NOT_LATEST)
    return record, saved, prescribed_plan(wb, saved)


def _layout(wb: Workbench, plan: Plan) -> VisitLayout:
    return visit_layout(plan, wb.planner.book)


def _form(
    request: Request,
    found: tuple[Patient, Prescription, Plan],
    layout: VisitLayout,
    values: Values,
    errors: Errors,
) -> Response:
    record, saved, plan = found
    context: dict[str, Any] = {
        "patient": record,
        "saved": saved,
        "programme": plan.programme,
        "start": plan.start_date,
        "review_date": plan.review_date,
        "assessed_on": plan.profile.assessed_on,
        "layout": layout,
        "values": values,
        "errors": errors,
        "labels": layout.labels(),
        "by_day": values.get("log") == DAYS,
        "weeks": log_weeks(plan) if values.get("log") == DAYS else [],
    }
    return page(request, "review.html.j2", context, 400 if errors else 200)


async def review_form(request: Request) -> Response:
    """The visit form, the planned sessions filled in from the plan."""
    wb = bench(request)
    found = _reviewed(wb, request)
    plan = found[2]
    layout = _layout(wb, plan)
    values: Values = {"kind": "in_person"}
    if request.query_params.get("log") == DAYS:
        values["log"] = DAYS
    if plan.review_date is not None:
        values["visit_date"] = plan.review_date.isoformat()
    for component, count in layout.planned.items():
        values[f"sessions-{component}-planned"] = str(count)
    for key, had in (layout.equipment or {}).items():
        values[f"changes-{key}"] = list(had)
    return _form(request, found, layout, values, {})


async def save_review(request: Request) -> Response:
    """Run the review and save the next block; or the form again with its problems."""
    wb = bench(request)
    form = await checked_form(request, MAX_FIELDS)
    found = _reviewed(wb, request)
    record, saved, plan = found
    layout = _layout(wb, plan)
    lists = {f.name for f in layout.fields() if f.widget == "checkboxes"}
    values: Values = {
        key: [v for v in form.getlist(key) if isinstance(v, str)]
        if key in lists
        else str(form.get(key) or "")
        for key in form
    }
    visit, errors = visit_input(layout, values, plan.profile.assessed_on)
    log, log_errors = read_grid(plan, values) if values.get("log") == DAYS else (None, {})
    if visit is None or log_errors:
        return _form(request, found, layout, values, {**errors, **log_errors})
    try:
        result = review(plan, visit, wb.planner.book, log)
    except (UserError, ValueError) as exc:
        problems = exc.problems if isinstance(exc, UserError) else []
        words = "; ".join(p.message for p in problems) or "the visit does not fit the plan"
        return _form(request, found, layout, values, {FORM_LEVEL: [NOT_PLANNED + words + "."]})
    summary = block_summary(plan, visit, log)
    with wb.db.session() as session, session.begin():
        reviewed = prescription_or_404(session, record, saved.number)
        made = reviews.save_review(
            session,
            record,
            reviewed,
            (result.plan, result.profile),
            (visit, log),
            summary,
            actor(request),
        )
        accounts.record(
            session,
            actor(request),
            "review saved",
            record.patient_id,
            f"prescription {saved.number} reviewed; block {result.plan.programme.block} is "
            f"prescription {made.number}",
        )
        url = f"/patients/{record.key}/prescriptions/{made.number}"
    return see_other(url)


ROUTES = [
    Route("/patients/{key:int}/prescriptions/{number:int}/review", review_form, methods=["GET"]),
    Route("/patients/{key:int}/prescriptions/{number:int}/review", save_review, methods=["POST"]),
]
