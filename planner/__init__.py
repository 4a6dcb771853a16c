"""osteoplan: personalised, explainable exercise plans for osteoporosis and fragility fractures.

The pipeline, one package or module a stage: :mod:`planner.profile` (the patient) ->
:mod:`planner.rulebook` (the rules and the exercise library) -> :mod:`planner.engine` (the
decisions) -> :mod:`planner.tailor` (the physiotherapist's adjustments, checked against them) ->
:mod:`planner.schedule` (the week) -> :mod:`planner.assemble` (the plan-v1 plan,
:mod:`planner.plan`) -> :mod:`planner.explain` and :mod:`planner.render` (the outputs).
:func:`build_plan` runs the middle stages. The names below are imported on first use, so
``import planner`` (and ``osteoplan --help``) loads no renderer.
"""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from planner.build import build_plan
    from planner.errors import AdjustmentRefused, PlannerError, UserError
    from planner.plan import Plan
    from planner.profile.adjust import Adjustments
    from planner.profile.model import Profile, load_profile
    from planner.render.documents import write_handouts
    from planner.render.html import render_html
    from planner.render.pdf import booklet_pdf, clinician_pdf
    from planner.rulebook import Rulebook, load_rulebook

#: Each public name and the module it comes from.
_HOMES = {
    "build_plan": "planner.build",
    "AdjustmentRefused": "planner.errors",
    "Adjustments": "planner.profile.adjust",
    "PlannerError": "planner.errors",
    "UserError": "planner.errors",
    "Plan": "planner.plan",
    "Profile": "planner.profile.model",
    "load_profile": "planner.profile.model",
    "write_handouts": "planner.render.documents",
    "render_html": "planner.render.html",
    "booklet_pdf": "planner.render.pdf",
    "clinician_pdf": "planner.render.pdf",
    "Rulebook": "planner.rulebook",
    "load_rulebook": "planner.rulebook",
}

__all__ = [
    "AdjustmentRefused",
    "Adjustments",
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


def __getattr__(name: str) -> _typing.Any:
    """Import a public name from its module when it is first asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(_importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
