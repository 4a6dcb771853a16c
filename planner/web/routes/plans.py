"""A patient's plan from their current assessment, and saving it as a prescription."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.errors import UserError
from planner.web.csrf import checked_form
from planner.web.routes.common import (
    key_of,
    patient_or_404,
    query_int,
    see_other,
    unplannable,
)
from planner.web.state import actor, bench, page
from planner.web.store import accounts, patients, reviews
from planner.web.store.tables import Prescription, ReviewVisit
from planner.web.views.plan import plan_view


async def plan_page(request: Request) -> Response:
    """The plan of the patient's current assessment: the week, the exercises, the warnings,
    and why."""
    wb = bench(request)
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
        count = len(patients.prescriptions_of(session, record))
        visits = reviews.visits_of(session, record)
        latest = _made_by(session, visits[-1]) if visits else None
    try:
        plan = wb.planner.plan(patients.stored_profile(record.profile_json))
    except UserError as exc:
        return unplannable(request, exc)
    except ValueError:  # a stored profile the model no longer reads
        return unplannable(request, UserError())
    view = plan_view(
        plan, wb.planner.book, week=query_int(request, "week", 1), clinic=wb.config.clinic
    )
    context = {"patient": record, "view": view, "saved_count": count, "programme": latest}
    return page(request, "plan.html.j2", context)


def _made_by(session: Session, visit: ReviewVisit) -> dict[str, int] | None:
    """The prescription number and block that the patient's last review made."""
    made = session.get(Prescription, visit.made_key)
    if made is None:
        return None
    plan = patients.stored_plan(made)
    return {"number": made.number, "block": plan.programme.block} if plan is not None else None


async def save_prescription(request: Request) -> Response:
    """Save the plan of the current assessment as a new, unchangeable prescription."""
    wb = bench(request)
    await checked_form(request)
    with wb.db.session() as session, session.begin():
        record = patient_or_404(session, key_of(request))
        try:
            plan = wb.planner.plan(patients.stored_profile(record.profile_json))
        except UserError as exc:
            return unplannable(request, exc)
        except ValueError:
            return unplannable(request, UserError())
        saved = patients.save_prescription(session, record, plan, actor(request))
        accounts.record(
            session,
            actor(request),
            "prescription saved",
            record.patient_id,
            f"prescription {saved.number}",
        )
        url = f"/patients/{record.key}/prescriptions/{saved.number}"
    return see_other(url)


ROUTES = [
    Route("/patients/{key:int}/plan", plan_page, methods=["GET"]),
    Route("/patients/{key:int}/prescriptions", save_prescription, methods=["POST"]),
]
