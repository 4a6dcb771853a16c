"""The assessment form: a new patient, a patient's assessment, and the live preview of the
plan as the form changes (a small script posts the form; without it, saving shows the plan).

Fractures are added and removed by the form's own buttons, so the form works without script.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from planner.errors import ProfileError, UserError
from planner.profile.model import Profile
from planner.web.csrf import checked_form
from planner.web.form.layout import FRACTURE_HINT, FormLayout
from planner.web.form.values import (
    BLOCK,
    FORM_LEVEL,
    Values,
    blocks,
    field_errors,
    new_values,
    posted_values,
    profile_input,
    profile_values,
)
from planner.web.routes.common import key_of, patient_or_404, see_other
from planner.web.state import Workbench, actor, bench, page
from planner.web.store import accounts, patients
from planner.web.store.tables import Patient
from planner.web.views.plan import plan_view

Errors = dict[str, list[str]]
ID_REQUIRED = "is required: it names the patient's record and their printed plan"
ID_TAKEN = "another patient has this id; give a different one"


async def new_patient(request: Request) -> Response:
    """An empty assessment form."""
    return form_page(request, new_values(bench(request).layout), {}, None)


async def create_patient(request: Request) -> Response:
    """Add a patient from the form (or add or remove a fracture block and show it again)."""
    wb = bench(request)
    form = await checked_form(request)
    values = posted_values(wb.layout, form)
    focus = block_change(wb.layout, form, values)
    if focus is not None:
        return form_page(request, values, {}, None, focus=focus)
    profile, errors = validated(wb, values, None)
    with wb.db.session() as session, session.begin():
        given = values.get("id")
        if isinstance(given, str) and given.strip() and "id" not in errors:
            if patients.patient_by_id(session, given.strip()) is not None:
                errors["id"] = [f"Patient id: {ID_TAKEN}"]
        if errors or profile is None:
            return form_page(request, values, errors, None, status=422)
        record = patients.add_patient(session, profile)
        accounts.record(session, actor(request), "patient created", record.patient_id)
        key = record.key
    return see_other(f"/patients/{key}/plan")


async def edit_assessment(request: Request) -> Response:
    """A patient's assessment, with the plan it gives beside it."""
    wb = bench(request)
    with wb.db.session() as session:
        record = patient_or_404(session, key_of(request))
    values = profile_values(wb.layout, json.loads(record.profile_json))
    return form_page(request, values, {}, record)


async def update_assessment(request: Request) -> Response:
    """Save a patient's changed assessment (their id stays)."""
    wb = bench(request)
    form = await checked_form(request)
    with wb.db.session() as session, session.begin():
        record = patient_or_404(session, key_of(request))
        values = posted_values(wb.layout, form)
        values["id"] = record.patient_id
        focus = block_change(wb.layout, form, values)
        if focus is not None:
            return form_page(request, values, {}, record, focus=focus)
        profile, errors = validated(wb, values, json.loads(record.profile_json))
        if errors or profile is None:
            return form_page(request, values, errors, record, status=422)
        patients.update_assessment(session, record, profile)
        accounts.record(session, actor(request), "assessment updated", record.patient_id)
    return see_other(f"/patients/{record.key}/plan")


async def preview(request: Request) -> Response:
    """The plan for the form as it stands, as a fragment for the page's script."""
    wb = bench(request)
    form = await checked_form(request)
    values = posted_values(wb.layout, form)
    kept: dict[str, Any] | None = None
    if "key" in request.path_params:
        with wb.db.session() as session:
            kept = json.loads(patient_or_404(session, key_of(request)).profile_json)
    profile, errors = validated(wb, values, kept, need_id=False)
    context: dict[str, Any] = {"problems": sum(len(v) for v in errors.values())}
    if profile is not None and not errors:  # validated() made the plan: it is remembered
        context["view"] = plan_view(wb.planner.plan(profile), wb.planner.book)
    return page(request, "plan_preview.html.j2", context)


def validated(
    wb: Workbench, values: Values, kept: dict[str, Any] | None, *, need_id: bool = True
) -> tuple[Profile | None, Errors]:
    """The profile the form describes, or the problems with it, under their fields."""
    data, used = profile_input(wb.layout, values, kept)
    errors: Errors = {}
    if need_id and not data.get("id"):
        errors["id"] = [f"Patient id: {ID_REQUIRED}"]
    try:
        profile = wb.planner.profile(data)
        wb.planner.plan(profile)  # the rules may refuse the profile's adjustments
    except ProfileError as exc:
        for key, found in field_errors(wb.layout, exc.problems, used, blocks(values)).items():
            errors.setdefault(key, []).extend(found)
        return None, errors
    except UserError as exc:
        errors.setdefault(FORM_LEVEL, []).extend(str(p) for p in exc.problems)
        return None, errors
    return profile, errors


def block_change(layout: FormLayout, form: FormData, values: Values) -> str | None:
    """Add or remove a fracture block as the button pressed asks; the element to focus next,
    or None when the form is being saved."""
    action = form.get("action")
    shown = blocks(values)
    if action == "add-fracture":
        index = max(shown, default=-1) + 1
        values[BLOCK] = [str(i) for i in [*shown, index]]
        for field in layout.fracture_fields:
            if field.default:
                values[field.input_name(index)] = field.default
        return layout.fracture_fields[0].input_id(index)
    if isinstance(action, str) and action.startswith("remove-fracture-"):
        index_text = action.removeprefix("remove-fracture-")
        gone = f"fractures-{index_text}-"
        for key in [k for k in values if k.startswith(gone)]:
            del values[key]
        values[BLOCK] = [str(i) for i in shown if str(i) != index_text]
        return "add-fracture"
    return None


def form_page(
    request: Request,
    values: Values,
    errors: Errors,
    record: Patient | None,
    *,
    status: int = 200,
    focus: str | None = None,
) -> HTMLResponse:
    """The assessment form, filled in, with its errors and (for a patient) the plan beside it."""
    wb = bench(request)
    shown = blocks(values)
    summary = [
        (_anchor(wb.layout, key), message)
        for key, messages in errors.items()
        for message in messages
    ]
    view = None
    if record is not None and not errors:
        try:
            profile = wb.planner.profile(json.loads(record.profile_json))
            view = plan_view(wb.planner.plan(profile), wb.planner.book)
        except UserError:
            view = None
    base = f"/patients/{record.key}" if record is not None else "/patients/new"
    context = {
        "layout": wb.layout,
        "values": values,
        "errors": errors,
        "summary": summary,
        "fracture_blocks": shown,
        "patient": record,
        "action": f"{base}/assessment" if record is not None else base,
        "preview_url": f"{base}/preview",
        "focus": focus,
        "view": view,
        "problems": len(summary),
        "fracture_hint": FRACTURE_HINT,
    }
    return page(request, "assessment.html.j2", context, status_code=status)


def _anchor(layout: FormLayout, key: str) -> str | None:
    """The element an error summary links to."""
    if key == FORM_LEVEL:
        return None
    return "f-" + key


ROUTES = [
    Route("/patients/new", new_patient, methods=["GET"]),
    Route("/patients/new", create_patient, methods=["POST"]),
    Route("/patients/new/preview", preview, methods=["POST"]),
    Route("/patients/{key:int}/assessment", edit_assessment, methods=["GET"]),
    Route("/patients/{key:int}/assessment", update_assessment, methods=["POST"]),
    Route("/patients/{key:int}/preview", preview, methods=["POST"]),
]
