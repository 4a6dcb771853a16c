"""The review visit form's fields (guidance 12.1), for the plan being reviewed: the visit, its
falls, clearances and new fractures, red flags, what changed (equipment too), the sessions of
each component the plan had, the clinician's findings for each of its exercises, and the optional
re-tests.

Each input is named by its path in the visit model (``falls-0-date``,
``sessions-balance-done``), so a validation problem lands on the input it is about.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from planner.plan import Plan
from planner.review.log_summary import planned_days
from planner.review.reassess import profile_of
from planner.rulebook import Rulebook
from planner.rulebook.describe import ABILITY_WORDS, RED_FLAG_WORDS
from planner.vocabulary import COMPONENT_LABELS, COMPONENTS, Component
from planner.web.form.layout import Option, form_layout
from planner.web.form.visit_fields import YES_NO, Part, VisitField
from planner.web.form.visit_fractures import (
    NEW_FRACTURE_ROWS,
    clearance_part,
    new_fracture_part,
)

#: Falls the form has room for (a visit with more records them at the next visit, or a file).
FALL_ROWS = 3
ACHIEVED = (
    Option("none", "None"),
    Option("foundation", "Foundation"),
    Option("build", "Build"),
    Option("progress", "Progress"),
)
PAIN = (
    Option("expected", "Expected (none, or mild soreness)"),
    Option("hold", "Hold band (4 or 5 out of 10)"),
    Option("step_back", "Step-back band (sharp, joint, 6+ or lasting)"),
)


@dataclass(frozen=True)
class VisitLayout:
    """The form for reviewing one plan."""

    visit: Part
    falls: tuple[Part, ...]
    clearances: tuple[Part, ...]
    new_fractures: tuple[Part, ...]
    safety: Part
    changes: Part
    sessions: tuple[Part, ...]
    exercises: tuple[Part, ...]
    retests: Part
    #: Sessions of each component the plan scheduled over its whole block.
    planned: dict[Component, int]
    #: The date of each fracture of the plan's profile, in its order.
    fracture_dates: tuple[dt.date, ...] = ()
    #: The equipment the plan was made with: listed besides the basics, and basics lacking.
    equipment: dict[str, tuple[str, ...]] | None = None

    def fields(self) -> list[VisitField]:
        """Every field, in the order of the form."""
        parts = (
            self.visit,
            *self.falls,
            *self.clearances,
            *self.new_fractures,
            self.safety,
            self.changes,
            *self.sessions,
            *self.exercises,
            self.retests,
        )
        return [f for part in parts for f in part.fields]

    def labels(self) -> dict[str, str]:
        """Each input's label for the error summary, with its fall, fracture, session or
        exercise."""
        out = {f.name: f.label for f in self.fields()}
        grouped = (*self.falls, *self.clearances, *self.new_fractures)
        for part in (*grouped, *self.sessions, *self.exercises):
            title = part.short or part.title
            out.update(
                {f.name: f"{title}, {f.label[:1].lower()}{f.label[1:]}" for f in part.fields}
            )
        return out


def visit_layout(plan: Plan, book: Rulebook) -> VisitLayout:
    """The visit form for reviewing ``plan``, its exercises and equipment named by ``book``."""
    names = {slug: ex.name for slug, ex in book.exercises.items()}
    exercises = [(ex.slug, names.get(ex.slug, ex.slug)) for ex in plan.exercises()]
    during = tuple(Option(slug, name) for slug, name in exercises)
    counted = Counter(c for day in planned_days(plan).values() for c in day)
    planned = {c: counted[c] for c in COMPONENTS if counted[c]}
    fractures, assessed = plan.profile.fractures, plan.profile.assessed_on
    kit = profile_of(plan, book.household)
    return VisitLayout(
        visit=Part(
            "The visit",
            (
                VisitField(
                    "visit_date",
                    "Date of the visit",
                    "date",
                    required=True,
                    help="The next block starts on this day.",
                ),
                VisitField(
                    "kind",
                    "Kind of visit",
                    "select",
                    options=(Option("in_person", "In person"), Option("phone", "By phone")),
                    help="A phone review has no re-tests and changes no balance support.",
                ),
            ),
        ),
        falls=tuple(_fall(i, during) for i in range(FALL_ROWS)),
        clearances=tuple(clearance_part(i, f, assessed) for i, f in enumerate(fractures)),
        new_fractures=tuple(new_fracture_part(i) for i in range(NEW_FRACTURE_ROWS)),
        safety=_safety(),
        changes=_changes(_equipment_fields(book)),
        sessions=tuple(_sessions(c, n) for c, n in planned.items()),
        exercises=tuple(_findings(slug, name) for slug, name in exercises),
        retests=_retests(),
        planned=planned,
        fracture_dates=tuple(f.dated(assessed) for f in fractures),
        equipment={k: tuple(kit[k]) for k in ("equipment", "lacks")},
    )


def _fall(i: int, during: tuple[Option, ...]) -> Part:
    p = f"falls-{i}-"
    return Part(
        f"Fall {i + 1}",
        (
            VisitField(p + "date", "Date of the fall", "date"),
            VisitField(
                p + "during",
                "During which exercise",
                "select",
                options=during,
                blank="Not during a prescribed exercise",
            ),
            VisitField(p + "injurious", "Injured: needed a doctor or emergency care", "checkbox"),
            VisitField(
                p + "long_lie",
                "Long lie: an hour or more on the ground, or could not get up",
                "checkbox",
            ),
            VisitField(p + "lost_consciousness", "Lost consciousness", "checkbox"),
        ),
        help="Leave the date empty when there was no fall." if i == 0 else "",
        anchor=f"fall-{i}",
    )


def _safety() -> Part:
    flags = tuple(Option(k, v[:1].upper() + v[1:]) for k, v in RED_FLAG_WORDS.items())
    return Part(
        "Red flags",
        (
            VisitField(
                "red_flags",
                "Red flags at this visit",
                "checkboxes",
                options=flags,
                help="A suspected new fracture not yet assessed is “another red flag”.",
            ),
            VisitField(
                "red_flag_assessed",
                "A doctor has assessed the red flag of the last visit",
                "checkbox",
            ),
        ),
    )


def _equipment_fields(book: Rulebook) -> tuple[VisitField, ...]:
    """The equipment at hand and the basics lacking, with the assessment form's choices."""
    found = {f.name: f for f in form_layout(book).fields if f.name in ("equipment", "lacks")}
    return tuple(
        VisitField(
            f"changes-{name}",
            label,
            "checkboxes",
            options=found[name].options,
            help="As the last plan had it; change the ticks if this changed.",
        )
        for name, label in (
            ("equipment", "Equipment at hand besides the household basics"),
            ("lacks", "Household basics the patient does not have"),
        )
        if name in found
    )


def _changes(equipment: tuple[VisitField, ...]) -> Part:
    abilities = tuple(Option(k, v) for k, v in ABILITY_WORDS.items())
    return Part(
        "What changed since the last plan",
        (
            VisitField(
                "changes-ability", "Ability", "select", options=abilities, blank="No change"
            ),
            VisitField("changes-unsteady", "Unsteady", "select", options=YES_NO, blank="No change"),
            VisitField(
                "changes-fear_of_falling",
                "Fear of falling",
                "select",
                options=YES_NO,
                blank="No change",
            ),
            VisitField(
                "changes-supervision_available",
                "Supervision available",
                "select",
                options=YES_NO,
                blank="No change",
            ),
            VisitField("changes-back_pain", "Back pain now (0-10)", "number"),
            *equipment,
            VisitField(
                "longest_break_days",
                "Longest break, days",
                "number",
                help="The longest run of days with no session at all.",
            ),
            VisitField(
                "break_reason",
                "Why the break",
                "select",
                blank="Not given",
                options=(
                    Option("illness", "Illness"),
                    Option("hospital", "Hospital stay"),
                    Option("other", "Other"),
                ),
            ),
        ),
    )


def _sessions(component: Component, planned: int) -> Part:
    p = f"sessions-{component}-"
    return Part(
        COMPONENT_LABELS[component],
        (
            VisitField(p + "done", "Sessions done", "number"),
            VisitField(
                p + "planned",
                "Sessions planned",
                "number",
                help=f"The whole block had {planned}; count those before the visit day.",
            ),
        ),
        anchor=f"sessions-{component}",
    )


def _findings(slug: str, name: str) -> Part:
    p = f"exercises-{slug}-"
    return Part(
        name,
        (
            VisitField(
                p + "achieved",
                "Last phase done with good form",
                "select",
                options=ACHIEVED,
                blank="Not recorded (foundation)",
            ),
            VisitField(p + "pain", "Pain band", "select", options=PAIN, blank="Not recorded"),
            VisitField(p + "top_of_range", "Whole dose at its upper end, good form", "checkbox"),
        ),
        anchor=f"exercise-{slug}",
    )


def _retests() -> Part:
    stages = tuple(Option(str(n), f"Stage {n}" if n else "None held") for n in range(5))
    return Part(
        "Re-tests (optional, in person)",
        (
            VisitField(
                "retests-tug_s",
                "Timed Up and Go, seconds",
                "number",
                decimal=True,
                help="12 s or more: at risk.",
            ),
            VisitField(
                "retests-chair_stands",
                "30-second chair stands",
                "number",
                help="Full stands, arms crossed.",
            ),
            VisitField(
                "retests-balance_stage",
                "4-stage balance: last stage held 10 s",
                "select",
                options=stages,
                blank="Not done",
                help="Below stage 3 (tandem): increased risk.",
            ),
            VisitField(
                "retests-one_leg_s",
                "One-leg stand, seconds",
                "number",
                decimal=True,
                help="Under 5 s: at risk.",
            ),
        ),
        help="A test not done changes nothing.",
    )
