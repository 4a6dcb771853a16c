"""osteoplan: personalised, explainable exercise plans for osteoporosis and fragility fractures.

The pipeline: :class:`Profile` -> :func:`load_rulebook` -> decisions -> :func:`build_plan` ->
:func:`booklet_pdf` and :func:`clinician_pdf` (or :func:`render_html`; :func:`write_handouts`
writes both documents). Rendering imports WeasyPrint and pikepdf only when called.
"""

from planner.errors import PlannerError, UserError
from planner.plan import Plan
from planner.profile.model import Profile, load_profile
from planner.render.handout import booklet_pdf, clinician_pdf, render_html, write_handouts
from planner.rulebook.load import Rulebook, load_rulebook
from planner.schedule.build import build_plan

__all__ = [
    "Plan",
    "PlannerError",
    "Profile",
    "Rulebook",
    "UserError",
    "booklet_pdf",
    "build_plan",
    "clinician_pdf",
    "load_profile",
    "load_rulebook",
    "render_html",
    "write_handouts",
]
