"""The Adjust page: a physiotherapist's adjustments to a patient's plan (drop, swap, add or
hold an exercise, rest days, the start date, the time a day, the note, accepting what is left
unmet), each checked by the library before it is saved.

Every change makes a candidate profile (the stored one with its new ``adjust``) and plans it
with :func:`planner.build.build_plan`. A refusal stores nothing and is shown beside the form
that asked for it, naming the exercise, the rule and its reason; otherwise the profile is saved,
the audit trail says "adjusted" (the patient's id and the kind of change, never a name or a
reason) and the page shows the new plan. The swap and add choices come from
:func:`planner.tailor.choices.choices`; what is posted is never trusted, the library checks it.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from planner.errors import UserError
from planner.plan import Plan
from planner.profile.model import Profile
from planner.tailor.choices import Choices, choices
from planner.web.csrf import checked_form
from planner.web.routes.common import key_of, patient_or_404, see_other, unplannable
from planner.web.state import actor, bench, page
from planner.web.store import accounts, patients
from planner.web.store.tables import Patient
from planner.web.views.adjust import (
    DONE,
    Change,
    Line,
    Refused,
    adjust_view,
    changed,
    refused,
)
from planner.web.views.plan import plan_view

#: The audit trail's word for a saved adjustment.
AUDIT_ACTION = "adjusted"


async def adjust_page(request: Request) -> Response:
    """The patient's adjustments, the forms to change them, and the plan they give."""
    wb = bench(request)
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
    try:
        profile = patients.stored_profile(record.profile_json)
    except ValueError:  # a stored profile the model no longer reads
        return unplannable(request, UserError())
    done = request.query_params.get("done", "")
    picked = request.query_params.get("swap", "")
    return adjust_response(request, record, profile, done=DONE.get(done), picked=picked)


async def adjust(request: Request) -> Response:
    """Make one change to the adjustments, if the library plans it; otherwise show why not."""
    wb = bench(request)
    form = await checked_form(request)
    with wb.db.session() as session, session.begin():
        record = patient_or_404(session, key_of(request))
        try:
            profile = patients.stored_profile(record.profile_json)
        except ValueError:
            return unplannable(request, UserError())
        change = changed(profile.adjust, form)
        if change.problem is not None:
            why = [Line(change.problem)]
            return adjust_response(request, record, profile, change=change, why=why)
        data = json.loads(record.profile_json)
        data["adjust"] = change.adjust
        try:
            candidate = wb.planner.profile(data)
            wb.planner.plan(candidate)  # raises if the rules refuse the change
        except UserError as exc:
            return adjust_response(
                request, record, profile, change=change, refusal=refused(exc, wb.planner.book)
            )
        if candidate.adjust != profile.adjust:
            patients.update_assessment(session, record, candidate)
            accounts.record(session, actor(request), AUDIT_ACTION, record.patient_id, change.kind)
        key = record.key
    return see_other(f"/patients/{key}/adjust?done={change.kind}")


def adjust_response(
    request: Request,
    record: Patient,
    profile: Profile,
    *,
    change: Change | None = None,
    refusal: Refused | None = None,
    why: list[Line] | None = None,
    done: str | None = None,
    picked: str = "",
) -> Response:
    """The Adjust page for the stored ``profile``; with a refused ``change``, its form as
    posted with the reasons beside it (status 422)."""
    wb = bench(request)
    book = wb.planner.book
    plan: Plan | None = None
    stored: list[Line] = []
    try:
        plan = wb.planner.plan(profile)
    except UserError as exc:  # saved adjustments the rules in use refuse
        stored = refused(exc, book).lines
    try:
        options = choices(profile, book)
    except UserError:  # nothing to offer for a profile the rules cannot plan at all
        options = Choices(addable=(), swaps={})
    view = adjust_view(profile, plan, options, book)
    errors: list[Line] = (refusal.lines if refusal else []) + (why or [])
    focus_swap = bool(picked) and change is None
    if change is not None and change.kind == "swap":
        picked = str(change.posted.get("exercise", ""))
    if picked not in view["swaps"] or not view["swaps"][picked]:
        picked = ""
    context: dict[str, Any] = {
        "patient": record,
        "adjust": view,
        "view": plan_view(plan, book) if plan is not None else None,
        "stored_errors": stored,
        "form": change.kind if change is not None and errors else None,
        "posted": change.posted if change is not None and errors else {},
        "errors": errors,
        "offer_accept": bool(refusal and refusal.unmet),
        "done": done,
        "picked": picked,
        "focus_swap": focus_swap,
        "picked_name": dict(view["planned"]).get(picked, ""),
    }
    return page(request, "adjust.html.j2", context, 422 if errors else 200)


ROUTES = [
    Route("/patients/{key:int}/adjust", adjust_page, methods=["GET"]),
    Route("/patients/{key:int}/adjust", adjust, methods=["POST"]),
]
