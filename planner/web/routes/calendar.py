"""A prescription's sessions as an iCalendar file for the patient's phone or computer."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.errors import UserError
from planner.reminders.ics import plan_calendar
from planner.web.form.calendar import CalendarForm
from planner.web.routes.common import key_of, patient_or_404, prescription_or_404
from planner.web.routes.prescriptions import prescribed_plan, show_prescription
from planner.web.state import actor, bench
from planner.web.store import accounts

MEDIA_TYPE = "text/calendar; charset=utf-8"


async def calendar(request: Request) -> Response:
    """The block's ``.ics`` (named by its block, never by the patient), or the prescription
    page with the form's errors."""
    wb = bench(request)
    form = CalendarForm.posted(request.query_params)
    chosen = form.read()
    if chosen is None:
        return show_prescription(request, form, 400)
    timed, alarm = chosen
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
        saved = prescription_or_404(session, record, key_of(request, "number"))
    plan = prescribed_plan(wb, saved)
    try:
        body = plan_calendar(
            plan, wb.planner.book, timed=timed, alarm_minutes=alarm, clinic=wb.config.clinic
        )
    except UserError as exc:
        text = " ".join(p.message for p in exc.problems)
        form.errors["when"] = f"{text[:1].upper()}{text[1:]}."
        return show_prescription(request, form, 409)
    with wb.db.session() as session, session.begin():
        accounts.record(
            session,
            actor(request),
            "downloaded",
            record.patient_id,
            f"prescription {saved.number}, calendar",
        )
    name = f"plan-block{plan.programme.block}.ics"
    disposition = f'attachment; filename="{name}"'
    return Response(body, media_type=MEDIA_TYPE, headers={"content-disposition": disposition})


ROUTES = [
    Route("/patients/{key:int}/prescriptions/{number:int}/calendar", calendar, methods=["GET"]),
]
