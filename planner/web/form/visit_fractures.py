"""The fracture parts of the review visit form: a clearance for each fracture of the reviewed
plan's profile (R-REV-2: a restriction lifts only with a recorded clearance, or when its window
ends), and the new fractures since the last visit, which join the profile uncleared."""

from __future__ import annotations

import datetime as dt

from planner.plan import PlanFracture
from planner.profile.words import site_word
from planner.rulebook.describe import cast_words
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
SITES = (
    Option("vertebral", "Vertebral (spine)"),
    Option("hip", "Hip"),
    Option("pelvis", "Pelvis"),
    Option("wrist", "Wrist"),
    Option("humerus", "Upper arm (humerus)"),
    Option("other", "Other"),
)
CAUSES = (
    Option("fall", "A fall"),
    Option("lifting", "Lifting"),
    Option("spontaneous", "No clear cause"),
    Option("other", "Other"),
)
TREATMENTS = (
    Option("conservative", "Without surgery"),
    Option("cast", "In a cast"),
    Option("fixation", "Fixed surgically"),
    Option("arthroplasty", "Joint replacement"),
    Option("augmentation", "Vertebral augmentation"),
)
APPROACHES = (
    Option("posterior", "Posterior"),
    Option("anterior", "Anterior"),
    Option("lateral", "Lateral"),
)
_TREATED = {o.value: o.label.lower() for o in TREATMENTS if o.value != "conservative"}


def fracture_date(f: PlanFracture, assessed_on: dt.date) -> dt.date:
    """The fracture's date, or its date worked out from its weeks at the assessment."""
    return f.date or assessed_on - dt.timedelta(days=round(f.weeks_since * 7))


def fracture_title(number: int, f: PlanFracture, assessed_on: dt.date) -> str:
    """A fracture as a clinician names it: "Fracture 1: wrist, 14 Dec 2026, in a cast or
    splint, not yet cleared"."""
    words = [site_word(f.site)]
    if f.treatment in _TREATED:
        words.append(_TREATED[f.treatment])
    words.append(f"{fracture_date(f, assessed_on):%d %b %Y}".lstrip("0"))
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
