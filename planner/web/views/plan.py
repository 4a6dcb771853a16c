"""The plan page's content: the week at a glance and the exercise cards (with their pictures)
from the booklet's renderer, each day with its doses, the warnings, and the explanation in the
clinician's copy's words (rules fired with their sources, every exclusion with its reasons,
why each exercise is in, the physiotherapist's adjustments and what each did).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.plan import Plan, Week
from planner.render.booklet import booklet_context
from planner.render.clinic import Clinic
from planner.render.clinician import clinician_context
from planner.render.notices import printed_warnings
from planner.render.plain import Plain
from planner.render.wording import format_dose, long_date
from planner.rulebook import Rulebook
from planner.vocabulary import COMPONENT_LABELS

PHASE_NAMES = {"foundation": "Foundation", "build": "Build", "progress": "Progress"}


def plan_view(
    plan: Plan,
    book: Rulebook,
    *,
    week: int = 1,
    clinic: Clinic | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the plan page and the preview show, by name."""
    on = today or dt.date.today()
    booklet = booklet_context(plan, book, clinic or Clinic(), on)
    clinician = clinician_context(plan, book, clinic or Clinic(), on)
    plain = Plain(book)
    number = min(max(week, 1), len(plan.weeks)) if plan.weeks else 0
    shown = plan.weeks[number - 1] if plan.weeks else None
    cards = {c["slug"]: c["number"] for c in booklet["cards"]}
    return {
        "fall_risk": plan.fall_risk,
        "fall_reasons": clinician["fall_reasons"],
        "start": long_date(plan.start_date),
        "review": long_date(plan.review_date),
        "stopped": not plan.weeks,
        "see_doctor": booklet["see_doctor"],
        "gentle": booklet["gentle"],
        "glance": booklet["glance"],
        "cards": booklet["cards"],
        "week": number,
        "weeks": len(plan.weeks),
        "phase": PHASE_NAMES.get(shown.phase, shown.phase) if shown else None,
        "days": _days(shown, cards) if shown else [],
        "warnings": printed_warnings(plan, book),
        "never": booklet["never"],
        "supervision": clinician["supervision"],
        "unmet": clinician["unmet"],
        "adjustments": clinician["adjustments"],
        "rules": clinician["rules"],
        "chosen": clinician["chosen"],
        "excluded": [
            {
                "name": book.exercises[e.slug].name if e.slug in book.exercises else plain(e.slug),
                "reasons": [(r.rule, plain(r.reason)) for r in e.reasons],
            }
            for e in plan.excluded
        ],
        "left_out": [
            {
                "name": book.exercises[n.slug].name if n.slug in book.exercises else plain(n.slug),
                "reason": plain(n.reason),
            }
            for n in plan.explanation.left_out
        ],
        "limits": clinician["limits"],
        "lifted": clinician["lifted"],
        "notes": clinician["notes"],
        "budget": clinician["budget"],
        "sources": [(key, source.citation) for key, source in clinician["sources"]],
        "ruleset": plan.ruleset,
        "ruleset_name": clinician["ruleset_name"],
    }


def _days(week: Week, cards: dict[str, int]) -> list[dict[str, Any]]:
    """Each day of ``week``: its sessions, each exercise with its dose and minutes."""
    return [
        {
            "name": day.weekday,
            "minutes": day.minutes,
            "sessions": [
                {
                    "label": COMPONENT_LABELS[session.component],
                    "minutes": session.minutes,
                    "exercises": [
                        {
                            "name": ex.name,
                            "card": cards.get(ex.slug),
                            "dose": format_dose(ex.dose),
                            "minutes": ex.minutes,
                        }
                        for ex in session.exercises
                    ],
                }
                for session in day.sessions
            ],
        }
        for day in week.days
    ]
