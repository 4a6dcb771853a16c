"""The pages, one module per part of the workbench; :func:`all_routes` gathers them.

The Adjust page (:mod:`.adjust`: the physiotherapist's adjustments to a plan, drop, swap, add
or hold an exercise, rest days, a start date, the time a day, a note) sits beside the
assessment and is linked from the patient's pages (``templates/web/patient_nav``). The
assessment form keeps a profile's ``adjust`` and ``preset`` as they are, and a prescription
stores the adjustments it was made with.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from planner.web.routes.adjust import ROUTES as ADJUST
from planner.web.routes.assessment import ROUTES as ASSESSMENT
from planner.web.routes.auth import ROUTES as AUTH
from planner.web.routes.calendar import ROUTES as CALENDAR
from planner.web.routes.imports import ROUTES as IMPORTS
from planner.web.routes.patients import ROUTES as PATIENTS
from planner.web.routes.plans import ROUTES as PLANS
from planner.web.routes.prescriptions import ROUTES as PRESCRIPTIONS
from planner.web.routes.review import ROUTES as REVIEW


def all_routes() -> list[BaseRoute]:
    """Every page and form of the workbench."""
    return [
        *PATIENTS,
        *ASSESSMENT,
        *ADJUST,
        *PLANS,
        *PRESCRIPTIONS,
        *CALENDAR,
        *REVIEW,
        *IMPORTS,
        *AUTH,
    ]
