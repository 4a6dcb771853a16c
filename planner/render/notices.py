"""The plan's warnings as both documents print them, and the red-flag "gentle plan" box.

A plan with weeks never prints the do-not-start warning (its text says not to start): it becomes
the "gentle plan until reviewed" box, and stays the "do not start" notice of a plan with none.
"""

from __future__ import annotations

from typing import Any

from planner.plan import Plan
from planner.rulebook import Rulebook

STOP_CODE = "W_MEDICAL_REVIEW_FIRST"
GENTLE_CODE = "W_GENTLE_UNTIL_REVIEWED"
GENTLE_FALLBACK = (
    "Gentle plan until you are reviewed",
    "See your doctor or fracture clinic about this problem soon. Until they have, do only the "
    "gentle walking and posture exercises in this plan, and stop anything that makes it worse.",
)


def printed_warnings(plan: Plan, book: Rulebook) -> list[dict[str, Any]]:
    """Each warning of the plan with its title and kind ("stop" or advice) from the rulebook."""
    out = []
    for w in plan.warnings:
        known = book.warnings.get(w.code)
        title, kind = (known.title, known.kind) if known else ("Important", "stop")
        out.append({"code": w.code, "title": title, "text": w.text, "kind": kind})
    return out


def gentle_box(plan: Plan, book: Rulebook, warnings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The "gentle plan until reviewed" box of a plan that has weeks and a red flag: the
    warning's own wording, or (for a rulebook that still sends the do-not-start warning with a
    plan) the same words built in, since a booklet never says "do not start" over exercises."""
    if not plan.weeks:
        return None
    found = next((w for w in warnings if w["code"] == GENTLE_CODE), None)
    if found is not None:
        return found
    if not any(w["code"] == STOP_CODE for w in warnings):
        return None
    known = book.warnings.get(GENTLE_CODE)
    title, text = (known.title, known.text) if known else GENTLE_FALLBACK
    return {"code": GENTLE_CODE, "title": title, "text": text, "kind": "advice"}
