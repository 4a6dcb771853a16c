"""Small things every page module needs: a patient or a 404, a redirect after a post, the
page for an assessment the rules cannot plan."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from planner.errors import UserError
from planner.web.state import page
from planner.web.store import patients
from planner.web.store.tables import Patient, Prescription

NOT_FOUND = "There is no such patient or prescription here."
STALE = (
    "The saved assessment gives no plan with the rules in use. Open the assessment, correct it "
    "and save it."
)


def patient_or_404(session: Session, key: int) -> Patient:
    """The patient with database key ``key``, or a 404."""
    found = patients.patient(session, key)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


def prescription_or_404(session: Session, record: Patient, number: int) -> Prescription:
    """The patient's prescription ``number``, or a 404."""
    found = patients.prescription(session, record, number)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


def key_of(request: Request, name: str = "key") -> int:
    """An integer path parameter (the route's converter makes sure it is one)."""
    value: int = request.path_params[name]
    return value


def see_other(url: str) -> RedirectResponse:
    """The answer to a successful post: go and look at ``url``."""
    return RedirectResponse(url, status_code=303)


def query_int(request: Request, name: str, default: int) -> int:
    """A whole number from the query string, or ``default``."""
    text = request.query_params.get(name, "")
    return int(text) if text.isdigit() and len(text) < 6 else default


def unplannable(request: Request, exc: UserError) -> Response:
    """The page for a saved assessment the rules cannot plan, with each problem."""
    context = {"status": 409, "message": STALE, "problems": [str(p) for p in exc.problems]}
    return page(request, "error.html.j2", context, 409)
