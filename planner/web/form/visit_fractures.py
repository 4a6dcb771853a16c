"""The fracture parts of the review visit form: a clearance for each fracture of the reviewed
plan's profile (R-REV-2: a restriction lifts only with a recorded clearance, or when its window
ends), and the new fractures since the last visit, which join the profile uncleared."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from planner.plan import PlanFracture
from planner.profile.words import site_word
from planner.rulebook.describe import cast_words
from planner.vocabulary import Approach, Cause, Site, Treatment
from planner.web.form.layout import Option
from planner.web.form.visit_fields import Part, VisitField

#: New fractures the form has room for (more are recorded in a visit file).
NEW_FRACTURE_ROWS = 2
CLEARED_BY = (
    Option("surgeon", "Surgeon"),
    Option("fracture_clinic", "Fracture clinic"),
    Option("physiotherapist", "Physiotherapist"),
)
LIFTED = (
    Option("yes", "Yes, all of them"),
    Option("partly", "Partly (the fracture stays restricted)"),
)
#: The words for the choices the profile's vocabulary offers (in its order); "unknown" is the
#: blank of a select, not a choice.
_WORDS = {
    "vertebral": "Vertebral (spine)",
    "humerus": "Upper arm (humerus)",
    "fall": "A fall",
    "spontaneous": "No clear cause",
    "conservative": "Without surgery",
    "cast": "In a cast",
    "fixation": "Fixed surgically",
    "arthroplasty": "Joint replacement",
    "augmentation": "Vertebral augmentation",
}


def _options(kind: Any) -> tuple[Option, ...]:
    """A select's options for a vocabulary ``Literal``, with the form's words for them."""
    return tuple(
        Option(v, _WORDS.get(v, v.replace("_", " ").capitalize()))
        for v in get_args(kind)
        if v != "unknown"
    )


SITES = _options(Site)
CAUSES = _options(Cause)
TREATMENTS = _options(Treatment)
APPROACHES = _options(Approach)
_TREATED = {o.value: o.label.lower() for o in TREATMENTS if o.value != "conservative"}


def fracture_title(number: int, f: PlanFracture, assessed_on: dt.date) -> str:
    """A fracture as a clinician names it: "Fracture 1: wrist, 14 Dec 2026, in a cast or
    splint, not yet cleared"."""
    words = [site_word(f.site)]
    if f.treatment in _TREATED:
        words.append(_TREATED[f.treatment])
    words.append(f"{f.dated(assessed_on):%d %b %Y}".lstrip("0"))
    if f.in_cast:
        words.append(cast_words(f.site))
    words.append("cleared" if f.cleared else "not yet cleared")
    return f"Fracture {number}: {', '.join(words)}"


def clearance_part(i: int, f: PlanFracture, assessed_on: dt.date) -> Part:
    """Fracture ``i`` (from 0)'s clearance at this visit: who, when, how far, and what came off."""
    p = f"clearances-{i}-"
    fields = [
        VisitField(p + "by", "Cleared by", "select", options=CLEARED_BY, blank="Not at this visit"),
        VisitField(p + "on", "Date of the clearance", "date"),
        VisitField(p + "cleared", "Restrictions lifted", "select", options=LIFTED),
    ]
    if f.in_cast:
        thing = cast_words(f.site).removeprefix("in a ")
        fields.append(VisitField(p + "cast_off", f"{thing[:1].upper()}{thing[1:]} off", "checkbox"))
    if f.treatment == "arthroplasty" and f.approach in (None, "unknown"):
        fields.append(
            VisitField(
                p + "approach",
                "Surgical approach, now known",
                "select",
                options=APPROACHES,
                blank="Still not known",
            )
        )
    return Part(
        fracture_title(i + 1, f, assessed_on),
        tuple(fields),
        anchor=f"clearance-{i}",
        short=f"Fracture {i + 1}",
    )


def new_fracture_part(i: int) -> Part:
    """New fracture ``i`` (from 0): site, date, cause, treatment, approach, cast."""
    p = f"new_fractures-{i}-"
    return Part(
        f"New fracture {i + 1}",
        (
            VisitField(p + "site", "Site", "select", options=SITES, blank="No new fracture"),
            VisitField(p + "date", "Date of the fracture or its operation", "date"),
            VisitField(p + "cause", "Cause", "select", options=CAUSES, blank="Not known"),
            VisitField(p + "treatment", "Treatment", "select", options=TREATMENTS),
            VisitField(
                p + "approach",
                "Surgical approach (joint replacement)",
                "select",
                options=APPROACHES,
                blank="Not recorded",
            ),
            VisitField(p + "in_cast", "Cast, splint or sling still on", "checkbox"),
        ),
        anchor=f"new-fracture-{i}",
    )
