"""osteoplan: personalised, explainable exercise plans for osteoporosis and fragility fractures.

The pipeline: :class:`Profile` -> :func:`load_rulebook` -> decisions -> :func:`build_plan` ->
:func:`render_html` / :func:`handout_pdf` / :func:`render_pdf`. Rendering imports WeasyPrint
and pikepdf only when called.
"""

from planner.errors import PlannerError, UserError
from planner.handout import handout_pdf, render_html, render_pdf
from planner.plan import Plan
from planner.profile import Profile, load_profile
from planner.rulebook import Rulebook, load_rulebook
from planner.schedule import build_plan

__all__ = [
    "Plan",
    "PlannerError",
    "Profile",
    "Rulebook",
    "UserError",
    "build_plan",
    "handout_pdf",
    "load_profile",
    "load_rulebook",
    "render_html",
    "render_pdf",
]
