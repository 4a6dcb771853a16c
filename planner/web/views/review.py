"""What changed and why at the review behind a plan: each exercise's change, its new entry,
the rules that decided it (with their titles) and the facts behind it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from planner.plan import Plan, ReviewRecord
from planner.render.clinician import CHANGE_WORDS
from planner.render.plain import Plain
from planner.rulebook import Rulebook

#: The changes in the order the timeline counts them.
CHANGES = ("progress", "hold", "step_back", "new", "dropped")
CHANGE_LABELS = {
    "progress": "Progress",
    "hold": "Hold",
    "step_back": "Step back",
    "new": "New",
    "dropped": "Dropped",
}


def rule_titles(book: Rulebook) -> dict[str, str]:
    """Every rule's title by its id (the review rules' too)."""
    titles = {r.id: r.title for r in book.rules}
    titles.update({r.id: r.title for r in book.review_rules})
    return titles


def review_view(plan: Plan, book: Rulebook) -> dict[str, Any] | None:
    """The review behind ``plan`` for its page; None for a plan no review made."""
    record = plan.review
    if record is None:
        return None
    plain = Plain(book)
    titles = rule_titles(book)

    def name(slug: str) -> str:
        return book.exercises[slug].name if slug in book.exercises else plain(slug)

    return {
        "visit_date": record.visit_date,
        "kind": "in person" if record.kind == "in_person" else "by phone",
        "previous_block": record.previous_block,
        "counts": change_counts(record),
        "fired": [(rule, titles.get(rule, "")) for rule in record.rules_fired],
        "notes": [plain(n) for n in record.notes],
        "changes": [
            {
                "name": name(c.slug),
                "change": c.change,
                "label": CHANGE_WORDS[c.change],
                "replacement": name(c.replacement) if c.replacement else None,
                "rules": [(rule, titles.get(rule, "")) for rule in c.rules],
                "because": [plain(b) for b in c.because],
            }
            for c in record.changes
        ],
    }


def change_counts(record: ReviewRecord) -> list[tuple[str, str, int]]:
    """How many exercises progressed, held, stepped back, came in and left: (change, label,
    count), every change listed."""
    counted: Counter[str] = Counter(c.change for c in record.changes)
    return [(c, CHANGE_LABELS[c], counted[c]) for c in CHANGES]
